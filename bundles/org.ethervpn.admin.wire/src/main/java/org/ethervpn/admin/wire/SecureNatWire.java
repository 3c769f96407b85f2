package org.ethervpn.admin.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.pack.Pack;

/**
 * SecureNAT's messages: EnableSecureNAT / DisableSecureNAT ({@code HubName}), Get/SetSecureNATOption
 * (SoftEther's {@code VH_OPTION}: the hub is {@code RpcHubName}), EnumNAT ({@code NatTable}),
 * EnumDHCP ({@code DhcpTable}) and GetSecureNATStatus. Addresses are IPv4 in SoftEther's address
 * fields; a missing one reads as 0.0.0.0, as SoftEther reads it.
 */
public final class SecureNatWire {
    /** The hub of Get/SetSecureNATOption (VH_OPTION calls it so; the dispatcher checks a hub administrator on it). */
    public static final String OPTION_HUB = "RpcHubName";
    private static final InetAddress ANY = InetAddress.ofLiteral("0.0.0.0");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SecureNatWire() {
    }

    /** GetSecureNATOption's request. */
    public static Pack optionRequest(String hub) {
        return new Pack().addStr(OPTION_HUB, hub);
    }

    /** GetSecureNATOption's answer, and SetSecureNATOption's request (with {@code applyDhcpPushRoutes} as given). */
    public static Pack writeOption(String hub, SecureNatOptions o) {
        return new Pack().addData("MacAddress", macBytes(o.mac())).addIp("Ip", ip(o.ip())).addIp("Mask", ip(o.mask()))
                .addBool("UseNat", o.useNat()).addInt("Mtu", o.mtu()).addInt("NatTcpTimeout", o.natTcpTimeoutSeconds())
                .addInt("NatUdpTimeout", o.natUdpTimeoutSeconds()).addBool("UseDhcp", o.useDhcp())
                .addIp("DhcpLeaseIPStart", ip(o.dhcpLeaseStart())).addIp("DhcpLeaseIPEnd", ip(o.dhcpLeaseEnd()))
                .addIp("DhcpSubnetMask", ip(o.dhcpSubnetMask())).addInt("DhcpExpireTimeSpan", o.dhcpExpireSeconds())
                .addIp("DhcpGatewayAddress", ip(o.dhcpGateway())).addIp("DhcpDnsServerAddress", ip(o.dhcpDns()))
                .addIp("DhcpDnsServerAddress2", ip(o.dhcpDns2())).addStr("DhcpDomainName", o.dhcpDomainName())
                .addBool("SaveLog", o.saveLog()).addStr(OPTION_HUB, hub)
                .addBool("ApplyDhcpPushRoutes", o.applyDhcpPushRoutes()).addStr("DhcpPushRoutes", o.dhcpPushRoutes());
    }

    /** The options of a SetSecureNATOption request or GetSecureNATOption answer (checked by the server, not here). */
    public static SecureNatOptions readOption(Pack p) {
        byte[] mac = p.getData("MacAddress");
        return new SecureNatOptions(mac.length == 6 ? mac(mac) : HEX.formatHex(mac), text(p, "Ip"), text(p, "Mask"),
                p.getBool("UseNat"), p.getInt("Mtu"), p.getInt("NatTcpTimeout"), p.getInt("NatUdpTimeout"),
                p.getBool("UseDhcp"), text(p, "DhcpLeaseIPStart"), text(p, "DhcpLeaseIPEnd"), text(p, "DhcpSubnetMask"),
                p.getInt("DhcpExpireTimeSpan"), text(p, "DhcpGatewayAddress"), text(p, "DhcpDnsServerAddress"),
                text(p, "DhcpDnsServerAddress2"), p.getStr("DhcpDomainName"), p.getBool("SaveLog"),
                p.getBool("ApplyDhcpPushRoutes"), p.getStr("DhcpPushRoutes"));
    }

    public static String optionHub(Pack p) {
        return p.getStr(OPTION_HUB);
    }

    /** EnumNAT's answer; a host without a name is its address, as SoftEther's (vpncmd shows the host, not the IP). */
    public static Pack writeNatList(String hub, List<NatEntry> list) {
        Pack p = new Pack().addInt("NumItem", list.size()).addStr("HubName", hub).beginJsonGroup("NatTable");
        for (NatEntry e : list) {
            p.appendInt("Id", e.id()).appendInt("Protocol", e.protocol().ordinal()).appendIp("SrcIp", ip(e.srcIp()))
                    .appendStr("SrcHost", host(e.srcHost(), e.srcIp())).appendInt("SrcPort", e.srcPort())
                    .appendIp("DestIp", ip(e.destIp())).appendStr("DestHost", host(e.destHost(), e.destIp()))
                    .appendInt("DestPort", e.destPort()).appendTime64("CreatedTime", Traffic.time(e.created()))
                    .appendTime64("LastCommTime", Traffic.time(e.lastCommunication()))
                    .appendInt64("SendSize", e.sendBytes()).appendInt64("RecvSize", e.recvBytes())
                    .appendInt("TcpStatus", e.tcpState() == null ? 0 : e.tcpState().ordinal());
        }
        return p.endJsonGroup();
    }

    /** The NAT sessions of an EnumNAT answer; an unknown protocol code is left out. */
    public static List<NatEntry> readNatList(Pack a) {
        List<NatEntry> list = new ArrayList<>();
        NatProtocol[] protocols = NatProtocol.values();
        NatTcpState[] states = NatTcpState.values();
        for (int i = 0; i < a.count("Id"); i++) {
            int proto = a.getInt("Protocol", i);
            if (proto < 0 || proto >= protocols.length) {
                continue;
            }
            int st = a.getInt("TcpStatus", i);
            NatTcpState state = protocols[proto] != NatProtocol.TCP ? null : st >= 0 && st < states.length ? states[st] : null;
            String src = text(a, "SrcIp", i);
            String dest = text(a, "DestIp", i);
            list.add(new NatEntry(a.getInt("Id", i), protocols[proto], src, name(a.getStr("SrcHost", i), src),
                    a.getInt("SrcPort", i), dest, name(a.getStr("DestHost", i), dest), a.getInt("DestPort", i),
                    Traffic.time(a.getInt64("CreatedTime", i)), Traffic.time(a.getInt64("LastCommTime", i)),
                    a.getInt64("SendSize", i), a.getInt64("RecvSize", i), state));
        }
        return list;
    }

    /** EnumDHCP's answer; {@code Mask} is an INT holding the mask's bytes in memory order, as SoftEther's. */
    public static Pack writeDhcpList(String hub, List<DhcpLease> list) {
        Pack p = new Pack().addInt("NumItem", list.size()).addStr("HubName", hub).beginJsonGroup("DhcpTable");
        for (DhcpLease l : list) {
            p.appendInt("Id", l.id()).appendTime64("LeasedTime", Traffic.time(l.leased()))
                    .appendTime64("ExpireTime", Traffic.time(l.expires())).appendData("MacAddress", macBytes(l.mac()))
                    .appendIp("IpAddress", ip(l.ip())).appendInt("Mask", memoryOrder(ip(l.mask())))
                    .appendStr("Hostname", nz(l.hostname()));
        }
        return p.endJsonGroup();
    }

    public static List<DhcpLease> readDhcpList(Pack a) {
        List<DhcpLease> list = new ArrayList<>();
        for (int i = 0; i < a.count("Id"); i++) {
            byte[] mac = a.getData("MacAddress", i);
            int m = a.getInt("Mask", i);
            String mask = (m & 255) + "." + (m >>> 8 & 255) + "." + (m >>> 16 & 255) + "." + (m >>> 24 & 255);
            list.add(new DhcpLease(a.getInt("Id", i), Traffic.time(a.getInt64("LeasedTime", i)),
                    Traffic.time(a.getInt64("ExpireTime", i)), mac.length == 6 ? mac(mac) : HEX.formatHex(mac),
                    text(a, "IpAddress", i), mask, a.getStr("Hostname", i)));
        }
        return list;
    }

    /** EtherVPN's own fields in GetSecureNATStatus's answer; SoftEther's tools skip fields they do not know. */
    static final String STATE = "EtherVpnState";
    static final String RUNNING = "EtherVpnRunning";
    static final String DROPPED = "EtherVpnFramesDropped";
    static final String REFUSED = "EtherVpnFlowsRefused";

    /**
     * GetSecureNATStatus's answer: user-mode NAT only, so IsKernelMode and IsRawIpMode are false. Our
     * server adds whether it runs (or why not) and its drop counters, which SoftEther's answer lacks.
     */
    public static Pack writeStatus(SecureNatStatus s) {
        return new Pack().addStr("HubName", s.hub()).addInt("NumTcpSessions", s.tcpSessions())
                .addInt("NumUdpSessions", s.udpSessions()).addInt("NumIcmpSessions", s.icmpSessions())
                .addInt("NumDnsSessions", s.dnsSessions()).addInt("NumDhcpClients", s.dhcpClients())
                .addBool("IsKernelMode", false).addBool("IsRawIpMode", false)
                .addBool(RUNNING, s.running()).addStr(STATE, s.state() == null ? "" : s.state())
                .addInt64(DROPPED, s.framesDropped()).addInt64(REFUSED, s.flowsRefused());
    }

    /**
     * A status from GetSecureNATStatus's answer. From our server it says whether SecureNAT runs, why
     * not and what it dropped; from SoftEther's it does not, so {@code enabled} (GetHubStatus's
     * SecureNATEnabled) stands for running and the drop counters are 0.
     */
    public static SecureNatStatus readStatus(Pack a, boolean enabled) {
        boolean ours = a.contains(STATE);
        return new SecureNatStatus(a.getStr("HubName"), ours ? a.getBool(RUNNING) : enabled, a.getInt("NumTcpSessions"),
                a.getInt("NumUdpSessions"), a.getInt("NumIcmpSessions"), a.getInt("NumDnsSessions"),
                a.getInt("NumDhcpClients"), ours ? a.getInt64(DROPPED) : 0, ours ? a.getInt64(REFUSED) : 0,
                ours ? a.getStr(STATE) : enabled ? "on" : "off");
    }

    /** "5E-12-34-56-78-9A" (also with colons or none) as its six bytes; anything else as no bytes. */
    static byte[] macBytes(String mac) {
        String hex = mac == null ? "" : mac.replace("-", "").replace(":", "");
        try {
            return hex.length() == 12 ? HexFormat.of().parseHex(hex) : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    static String mac(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(s.isEmpty() ? "" : "-").append(HEX.toHexDigits(x));
        }
        return s.toString();
    }

    /** A dotted IPv4 address (never resolved); anything else is 0.0.0.0 (the server checked what it sends). */
    static InetAddress ip(String dotted) {
        try {
            return dotted != null && dotted.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? InetAddress.ofLiteral(dotted) : ANY;
        } catch (IllegalArgumentException e) {
            return ANY;
        }
    }

    private static String text(Pack p, String name) {
        return text(p, name, 0);
    }

    /** The IPv4 address as text; absent: 0.0.0.0 as SoftEther reads it; IPv6: its text (the server refuses it). */
    private static String text(Pack p, String name, int i) {
        InetAddress a = p.getIp(name, i);
        return a == null ? "0.0.0.0" : a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]";
    }

    private static int memoryOrder(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 255) | (b[1] & 255) << 8 | (b[2] & 255) << 16 | (b[3] & 255) << 24;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String host(String name, String ip) {
        return name == null || name.isEmpty() ? nz(ip) : name;
    }

    /** A host field that is only the address means no name (the record's empty). */
    private static String name(String host, String ip) {
        return host.equals(ip) ? "" : host;
    }
}
