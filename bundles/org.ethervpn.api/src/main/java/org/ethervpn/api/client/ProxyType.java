package org.ethervpn.api.client;

/** How an account reaches its server (the seed's proxy options). */
public enum ProxyType {
    DIRECT, HTTP, SOCKS4, SOCKS5;

    /** The name of the transport plugin that carries this kind of connection. */
    public String transport() {
        return switch (this) {
            case DIRECT -> "tcp";
            case HTTP -> "http";
            case SOCKS4 -> "socks4";
            case SOCKS5 -> "socks5";
        };
    }
}
