package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * A TCP connection to the server that is not part of a VPN session (those are in
 * {@link SessionInfo#connections()}): one still in its handshake, or an administration connection.
 *
 * @param name     {@code CID-n}, unique while the server runs
 * @param type     {@link #HANDSHAKE}, {@link #ADMIN_RPC} or {@link #JSON_RPC}
 * @param client   what the peer said it is ({@code client_str}), or empty before the login
 */
public record TcpConnectionInfo(String name, String remoteHost, int remotePort, Instant connected, String type,
        String client) {
    /** TLS, HTTP or the login PACK are not finished yet. */
    public static final String HANDSHAKE = "handshake";
    /** A logged-in binary admin RPC connection (vpncmd, the console, a remote shell). */
    public static final String ADMIN_RPC = "admin-rpc";
    /** An HTTP connection carrying JSON-RPC requests. */
    public static final String JSON_RPC = "json-rpc";
}
