package org.ethervpn.api.transport;

import java.util.List;
import java.util.Objects;

/**
 * Where a proxy is and how to log in to it. {@code username} and {@code password} may be empty.
 * {@code headers}: extra "Name: value" lines for an HTTP proxy's CONNECT request (SoftEther's
 * CustomHttpHeader); other proxies ignore them. The password is never part of {@link #toString()}.
 */
public record ProxySettings(Endpoint proxy, String username, String password, List<String> headers) {
    public ProxySettings {
        Objects.requireNonNull(proxy, "proxy");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** Without extra headers. */
    public ProxySettings(Endpoint proxy, String username, String password) {
        this(proxy, username, password, List.of());
    }

    @Override
    public String toString() {
        return "ProxySettings[" + proxy + (username.isEmpty() ? "" : ", user=" + username)
                + (headers.isEmpty() ? "" : ", " + headers.size() + " headers") + "]";
    }
}
