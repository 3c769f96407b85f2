package org.ethervpn.transport.proxy;

import java.net.InetSocketAddress;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks4ProxyHandler;

/** SOCKS4a (the target name is resolved by the proxy); the user name is sent as the user id. */
@Component(service = ClientTransport.class, property = Plugin.NAME_PROPERTY + "=socks4")
public final class Socks4ProxyTransport extends ProxyTransport {
    @Override
    public String name() {
        return "socks4";
    }

    @Override
    public String description() {
        return "through a SOCKS4 proxy";
    }

    @Override
    String kind() {
        return "SOCKS4 proxy";
    }

    @Override
    ProxyHandler handler(InetSocketAddress proxy, ProxySettings s) {
        return s.username().isEmpty() ? new Socks4ProxyHandler(proxy) : new Socks4ProxyHandler(proxy, s.username());
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }
}
