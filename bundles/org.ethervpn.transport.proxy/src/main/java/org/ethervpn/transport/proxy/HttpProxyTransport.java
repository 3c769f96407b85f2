package org.ethervpn.transport.proxy;

import java.net.InetSocketAddress;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;

/**
 * HTTP CONNECT, with basic authentication when a user name is given and the settings' extra header
 * lines (SoftEther's CustomHttpHeader) on the CONNECT request.
 */
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
        HttpHeaders extra = headers(s);
        return s.username().isEmpty() ? new HttpProxyHandler(proxy, extra)
                : new HttpProxyHandler(proxy, s.username(), s.password(), extra);
    }

    /** "Name: value" lines as headers; a line without a name is refused (the settings' owner validates them first). */
    static HttpHeaders headers(ProxySettings s) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String line : s.headers()) {
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("HTTP header \"" + line + "\" has no name");
            }
            h.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return h;
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }
}
