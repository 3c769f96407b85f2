package org.ethervpn.api.client;

import java.time.Instant;
import java.util.List;

/**
 * Where an account's connection stands.
 *
 * @param sessionName the server's name for the session, or empty when not connected
 * @param connected when the current session was established, or null
 * @param logins successful logins since the account was connected (reconnects add one each)
 * @param lastError why the last attempt or connection failed, or empty
 * @param connections the session's TCP connections with their counters
 * @param superFrames the session carries super-frames (both ends EtherVPN with offloading adapters; since 1.1)
 */
public record AccountStatus(String name, State state, String sessionName, Instant connected, String tls,
        int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex, int logins, String lastError,
        List<Connection> connections, boolean superFrames) {

    /** The account's state, SoftEther's client states plus the reconnect policy's outcomes. */
    public enum State { OFFLINE, CONNECTING, CONNECTED, RETRY_WAIT, GAVE_UP, REFUSED }

    public AccountStatus {
        connections = List.copyOf(connections);
    }

    /** Without super-frames (1.0's shape). */
    public AccountStatus(String name, State state, String sessionName, Instant connected, String tls, int maxConnections,
            boolean encrypted, boolean compressed, boolean halfDuplex, int logins, String lastError,
            List<Connection> connections) {
        this(name, state, sessionName, connected, tls, maxConnections, encrypted, compressed, halfDuplex, logins,
                lastError, connections, false);
    }

    /** One TCP connection: its direction and what went through it. */
    public record Connection(String name, String direction, Instant connected, long framesSent, long bytesSent,
            long framesReceived, long bytesReceived) {
    }
}
