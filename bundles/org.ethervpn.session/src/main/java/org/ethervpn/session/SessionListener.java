package org.ethervpn.session;

/** Hears about connections of a {@link TunnelSession} going away (for logs and session lifetime). */
public interface SessionListener {
    /**
     * A connection has closed; {@code reason} says why (peer closed, timeout, protocol error...).
     * {@code remaining} is the number of connections the session still has.
     */
    void connectionClosed(TunnelSession session, TunnelConnection connection, String reason, int remaining);
}
