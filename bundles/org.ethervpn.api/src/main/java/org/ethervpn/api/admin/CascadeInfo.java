package org.ethervpn.api.admin;

/**
 * A cascade connection of a hub to a hub of another server (or of this one). {@code status} is
 * "offline", "connecting", "connected", "retrying in 10 s" or "refused: reason"; {@code session}
 * is the session name the remote server gave, {@code connections} its TCP connections now;
 * {@code options} how it connects (its proxy password left out).
 */
public record CascadeInfo(String hub, String name, String server, String remoteHub, String user, boolean online,
        String status, String session, int connections, String lastError, CascadeOptions options) {

    public CascadeInfo {
        options = options == null ? CascadeOptions.defaults() : options;
    }

    /** A cascade with SoftEther's default options. */
    public CascadeInfo(String hub, String name, String server, String remoteHub, String user, boolean online,
            String status, String session, int connections, String lastError) {
        this(hub, name, server, remoteHub, user, online, status, session, connections, lastError, null);
    }
}
