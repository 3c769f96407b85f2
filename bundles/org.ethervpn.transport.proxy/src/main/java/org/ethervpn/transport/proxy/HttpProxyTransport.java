package org.ethervpn.transport.proxy;

import java.net.InetSocketAddress;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;

/** HTTP CONNECT, with basic authentication when a user name is given. */
@Component(service = ClientTransport.class, property = Plugin.NAME_PROPERTY + "=http")
public final class HttpProxyTransport extends ProxyTransport {
    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "through an HTTP proxy (CONNECT, basic authentication)";
    }

    @Override
    String kind() {
        return "HTTP proxy";
    }

    @Override
    ProxyHandler handler(InetSocketAddress proxy, ProxySettings s) {
        return s.username().isEmpty() ? new HttpProxyHandler(proxy) : new HttpProxyHandler(proxy, s.username(), s.password());
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }
}
