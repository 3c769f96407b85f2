package org.ethervpn.protocol;

/**
 * Which way a TCP connection of a session carries tunnel data: the {@code direction} INT of the
 * {@code additional_connect} answer. Always {@link #BOTH} unless the session is half-duplex
 * ({@code half_connection=1}).
 */
public enum ConnectionDirection {
    BOTH(0),
    SERVER_TO_CLIENT(1),
    CLIENT_TO_SERVER(2);

    /** In a half-duplex session the login connection carries client-to-server data. */
    public static final ConnectionDirection HALF_DUPLEX_LOGIN = CLIENT_TO_SERVER;

    private final int code;

    ConnectionDirection(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The direction for a wire value. */
    public static ConnectionDirection fromCode(int code) {
        return switch (code) {
            case 0 -> BOTH;
            case 1 -> SERVER_TO_CLIENT;
            case 2 -> CLIENT_TO_SERVER;
            default -> throw new IllegalArgumentException("unknown connection direction " + code);
        };
    }

    /**
     * Server side, half-duplex: the direction of a new additional connection given the current
     * counts. Client-to-server when more connections already go server-to-client, else
     * server-to-client; with max 4 this yields login=2, then 1, 1, 2.
     */
    public static ConnectionDirection assignHalfDuplex(int serverToClient, int clientToServer) {
        return serverToClient > clientToServer ? CLIENT_TO_SERVER : SERVER_TO_CLIENT;
    }

    /** Whether this end may send blocks and keep-alives on the connection. */
    public boolean canSend(boolean serverSide) {
        return this == BOTH || this == (serverSide ? SERVER_TO_CLIENT : CLIENT_TO_SERVER);
    }

    /** Whether this end receives on the connection (and so applies the receive timeout to it). */
    public boolean canReceive(boolean serverSide) {
        return this == BOTH || this == (serverSide ? CLIENT_TO_SERVER : SERVER_TO_CLIENT);
    }
}
