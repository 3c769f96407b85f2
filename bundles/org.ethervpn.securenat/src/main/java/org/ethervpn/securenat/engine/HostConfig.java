package org.ethervpn.securenat.engine;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Mac;

/**
 * {@link SecureNatOptions} parsed and checked once, in the form the packet code uses (addresses as
 * ints, the MAC as a long). Limits follow SoftEther's: MTU 62-1500 (the range its virtual host clamps to; the server's
 * admin rules check the same),
 * TCP timeout at least 60 s, UDP at least 10 s, lease at least 15 s.
 */
public record HostConfig(long mac, int ip, int mask, boolean nat, int mtu, int tcpTimeoutSeconds,
        int udpTimeoutSeconds, boolean dhcp, int leaseStart, int leaseEnd, int leaseMask, int leaseSeconds,
        int gateway, int dns, int dns2, String domain, boolean saveLog, List<Route> pushRoutes) {

    /** SoftEther's floor: an Ethernet, IPv4 and TCP header and 8 bytes. */
    public static final int MIN_MTU = 62;
    /** SoftEther's MAX_L3_DATA_SIZE: also the largest IPv4 packet SecureNAT takes from a client. */
    public static final int MAX_MTU = 1500;

    /** A classless static route (DHCP option 121). */
    public record Route(int network, int mask, int gateway) {
    }

    /** @throws IllegalArgumentException saying which option is wrong */
    public static HostConfig of(SecureNatOptions o) {
        long mac = Mac.parse(o.mac());
        if (Mac.isGroup(mac) || mac == 0) {
            throw new IllegalArgumentException("the virtual host's MAC must be a unicast address: " + o.mac());
        }
        int ip = Ip4.parse(o.ip());
        int mask = mask(o.mask(), "subnet mask");
        if (ip == 0 || (ip & ~mask) == 0 || (ip | mask) == -1) {
            throw new IllegalArgumentException("the virtual host's IP " + o.ip() + " is a network or broadcast address of " + o.mask());
        }
        if (o.mtu() < MIN_MTU || o.mtu() > MAX_MTU) {
            throw new IllegalArgumentException("MTU must be " + MIN_MTU + " to " + MAX_MTU + ", not " + o.mtu());
        }
        if (o.natTcpTimeoutSeconds() < 60) {
            throw new IllegalArgumentException("NAT TCP timeout must be at least 60 s, not " + o.natTcpTimeoutSeconds());
        }
        if (o.natUdpTimeoutSeconds() < 10) {
            throw new IllegalArgumentException("NAT UDP timeout must be at least 10 s, not " + o.natUdpTimeoutSeconds());
        }
        int start = Ip4.parse(o.dhcpLeaseStart());
        int end = Ip4.parse(o.dhcpLeaseEnd());
        int leaseMask = mask(o.dhcpSubnetMask(), "DHCP subnet mask");
        if (o.useDhcp()) {
            if (Integer.compareUnsigned(start, end) > 0) {
                throw new IllegalArgumentException("DHCP pool start " + o.dhcpLeaseStart() + " is after its end " + o.dhcpLeaseEnd());
            }
            if (!Ip4.sameSubnet(start, end, leaseMask)) {
                throw new IllegalArgumentException("DHCP pool " + o.dhcpLeaseStart() + "-" + o.dhcpLeaseEnd()
                        + " is not inside one subnet of " + o.dhcpSubnetMask());
            }
            if (o.dhcpExpireSeconds() < 15) {
                throw new IllegalArgumentException("DHCP lease must be at least 15 s, not " + o.dhcpExpireSeconds());
            }
        }
        return new HostConfig(mac, ip, mask, o.useNat(), o.mtu(), o.natTcpTimeoutSeconds(), o.natUdpTimeoutSeconds(),
                o.useDhcp(), start, end, leaseMask, o.dhcpExpireSeconds(), optional(o.dhcpGateway()),
                optional(o.dhcpDns()), optional(o.dhcpDns2()), o.dhcpDomainName() == null ? "" : o.dhcpDomainName(),
                o.saveLog(), o.applyDhcpPushRoutes() ? routes(o.dhcpPushRoutes()) : List.of());
    }

    /** The subnet the virtual host is on (its clients). */
    public boolean onLink(int address) {
        return Ip4.sameSubnet(address, ip, mask);
    }

    private static int mask(String text, String what) {
        int m = Ip4.parse(text);
        if (!Ip4.isMask(m) || m == 0) {
            throw new IllegalArgumentException(what + " " + text + " is not a netmask");
        }
        return m;
    }

    private static int optional(String text) {
        return text == null || text.isBlank() ? 0 : Ip4.parse(text);
    }

    /**
     * Parses SoftEther's DhcpPushRoutes text: entries {@code network/mask/gateway} (mask dotted or a
     * prefix length) separated by commas or spaces.
     */
    static List<Route> routes(String text) {
        List<Route> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String[] p = entry.split("/");
            if (p.length != 3) {
                throw new IllegalArgumentException("DHCP push route \"" + entry + "\" is not network/mask/gateway");
            }
            int mask = p[1].contains(".") ? Ip4.parse(p[1]) : prefixMask(p[1], entry);
            if (!Ip4.isMask(mask)) {
                throw new IllegalArgumentException("DHCP push route \"" + entry + "\" has a bad mask");
            }
            out.add(new Route(Ip4.parse(p[0]) & mask, mask, Ip4.parse(p[2])));
        }
        return List.copyOf(out);
    }

    private static int prefixMask(String bits, String entry) {
        try {
            int n = Integer.parseInt(bits);
            if (n >= 0 && n <= 32) {
                return n == 0 ? 0 : -1 << (32 - n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("DHCP push route \"" + entry + "\" has a bad mask");
    }
}
