package org.ethervpn.api.admin;

/** What stands behind a session of a hub (SoftEther's session mode flags in EnumSession). */
public enum SessionKind {
    /** A VPN client, bridge or cascade that logged in. */
    CLIENT,
    /** The hub's SecureNAT (SoftEther's SID-SECURENAT-1, user "SecureNAT"): listed, not disconnectable. */
    SECURE_NAT
}
