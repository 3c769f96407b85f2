package org.ethervpn.api.transport;

import java.util.Objects;

/**
 * Where a proxy is and how to log in to it. {@code username} and {@code password} may be empty.
 * The password is never part of {@link #toString()}.
 */
public record ProxySettings(Endpoint proxy, String username, String password) {
    public ProxySettings {
        Objects.requireNonNull(proxy, "proxy");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "ProxySettings[" + proxy + (username.isEmpty() ? "" : ", user=" + username) + "]";
    }
}
