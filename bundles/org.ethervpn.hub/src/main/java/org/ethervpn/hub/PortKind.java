package org.ethervpn.hub;

/** What sits behind a {@link HubPort}; shown to administrators, it does not change switching. */
public enum PortKind {
    /** A VPN client session: normally one host, one MAC. */
    SESSION,
    /** A cascade link to another hub: a whole segment, many MACs. */
    CASCADE,
    /** A local bridge to a physical or TAP interface: a whole segment, many MACs. */
    LOCAL_BRIDGE,
    /** SecureNAT's virtual host (DHCP server, NAT) on the hub: one MAC, its own, for any number of clients behind it. */
    SECURE_NAT
}
