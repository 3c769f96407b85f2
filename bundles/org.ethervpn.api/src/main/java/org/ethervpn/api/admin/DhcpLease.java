package org.ethervpn.api.admin;

import java.time.Instant;

/** An address SecureNAT's DHCP server has leased (SoftEther's EnumDHCP item). */
public record DhcpLease(int id, Instant leased, Instant expires, String mac, String ip, String mask,
        String hostname) {
}
