package org.ethervpn.server.config;

/** A TCP port the server listens on; a disabled listener is kept in the file but not opened. */
public record ListenerConfig(int port, boolean enabled) {
    public ListenerConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, is " + port);
        }
    }

    public ListenerConfig withEnabled(boolean on) {
        return new ListenerConfig(port, on);
    }
}
