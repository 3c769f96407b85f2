package org.ethervpn.transport.proxy;

import java.net.InetSocketAddress;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;

/** SOCKS5, with user/password authentication when a user name is given. */
@Component(service = ClientTransport.class, property = Plugin.NAME_PROPERTY + "=socks5")
public final class Socks5ProxyTransport extends ProxyTransport {
    @Override
    public String name() {
        return "socks5";
    }

    @Override
    public String description() {
        return "through a SOCKS5 proxy (user/password authentication)";
    }

    @Override
    String kind() {
        return "SOCKS5 proxy";
    }

    @Override
    ProxyHandler handler(InetSocketAddress proxy, ProxySettings s) {
        return s.username().isEmpty() ? new Socks5ProxyHandler(proxy) : new Socks5ProxyHandler(proxy, s.username(), s.password());
    }

    /**
     * RFC 1929: any status but 0 refuses the login (Netty names only 0xFF; microsocks answers 2); UNACCEPTED: the proxy wants a method the client did not offer.
     */
    @Override
    String hint(String why, ProxySettings s) {
        if (why.contains("authStatus: ") && !why.contains("authStatus: SUCCESS")) {
            return " (the proxy refused user name " + s.username() + " or its password)";
        }
        if (why.contains("authMethod: UNACCEPTED")) {
            return s.username().isEmpty() ? " (the proxy requires authentication: give a user name and password)"
                    : " (the proxy accepts neither no authentication nor user/password)";
        }
        return "";
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }
}
