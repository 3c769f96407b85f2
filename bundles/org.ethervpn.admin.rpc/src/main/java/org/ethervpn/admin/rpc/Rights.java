package org.ethervpn.admin.rpc;

/** Who may call a method (admin spec §5.1). */
enum Rights {
    /** The server administrator only. */
    SERVER,
    /** The server administrator, or the administrator of the hub the request names. */
    HUB,
    /** Any administrator who logged in. */
    ANY
}
