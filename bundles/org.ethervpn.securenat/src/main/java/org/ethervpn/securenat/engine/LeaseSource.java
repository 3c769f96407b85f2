package org.ethervpn.securenat.engine;

import java.util.List;

import org.ethervpn.api.admin.DhcpLease;

/** The DHCP server's view the engine lists and names hosts from. Called on the engine's loop only. */
public interface LeaseSource {
    void leases(List<DhcpLease> out);

    /** The host name a client gave with its lease, or "" (EnumNAT's SrcHost). */
    String hostName(int ip);
}
