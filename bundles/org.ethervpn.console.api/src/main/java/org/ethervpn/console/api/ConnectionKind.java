package org.ethervpn.console.api;

/** How the console administers a server; a view says which kinds it can serve. */
public enum ConnectionKind {
    /** Logged in as the server administrator over the admin RPC (ours or a SoftEther server). */
    SERVER_ADMIN,
    /** Logged in as the administrator of one hub: no server-wide screens. */
    HUB_ADMIN
}
