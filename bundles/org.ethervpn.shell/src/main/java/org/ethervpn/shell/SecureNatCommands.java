package org.ethervpn.shell;

import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SecureNAT, named after vpncmd's commands: SecureNatEnable/Disable/StatusGet, SecureNatHostGet/Set,
 * NatEnable/Disable/Set/Get, NatTable ({@code vpn:natlist}), DhcpEnable/Disable/Set/Get/Table. The
 * hub comes first; vpncmd's {@code /NAME:value} parameters are {@code --name value} options, and one
 * left out keeps its value (vpncmd asks for it). Thin over {@link VpnServerAdmin}: each Set is
 * vpncmd's get-modify-set of the hub's SecureNAT options.
 */
@Component(service = SecureNatCommands.class)
@GogoCommand(scope = "vpn", function = {"securenatenable", "securenatdisable", "securenatstatusget", "securenathostget",
    "securenathostset", "natenable", "natdisable", "natset", "natget", "natlist", "dhcpenable", "dhcpdisable", "dhcpset",
    "dhcpget", "dhcptable"})
public final class SecureNatCommands {
    private static final String KEEP = CascadeOptionCommands.KEEP;

    /** vpncmd's SecureNatHostGet. */
    public record HostSettings(String hub, String mac, String ip, String mask) {
    }

    /** vpncmd's NatGet. */
    public record NatSettings(String hub, boolean nat, int mtu, int tcpTimeoutSeconds, int udpTimeoutSeconds, boolean log) {
    }

    /** vpncmd's DhcpGet. */
    public record DhcpSettings(String hub, boolean dhcp, String start, String end, String mask, int expireSeconds,
            String gateway, String dns, String dns2, String domain, boolean log, String pushRoutes) {
    }

    private final VpnServerAdmin admin;

    @Activate
    public SecureNatCommands(@Reference VpnServerAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("turn SecureNAT on for a hub (virtual host, NAT, DHCP server; vpncmd SecureNatEnable)")
    public String securenatenable(@Descriptor("hub") String hub) {
        return ServerCommands.run(() -> admin.secureNatSetEnabled(hub, true), "SecureNAT of hub " + hub + " is on");
    }

    @Descriptor("turn SecureNAT off for a hub (its NAT sessions and DHCP leases end)")
    public String securenatdisable(@Descriptor("hub") String hub) {
        return ServerCommands.run(() -> admin.secureNatSetEnabled(hub, false), "SecureNAT of hub " + hub + " is off");
    }

    @Descriptor("SecureNAT's state and sessions of a hub (vpncmd SecureNatStatusGet)")
    public SecureNatStatus securenatstatusget(@Descriptor("hub") String hub) {
        return ServerCommands.call(() -> admin.secureNatStatus(hub));
    }

    @Descriptor("the virtual host's MAC, IP address and mask (vpncmd SecureNatHostGet)")
    public HostSettings securenathostget(@Descriptor("hub") String hub) {
        SecureNatOptions o = options(hub);
        return new HostSettings(hub, o.mac(), o.ip(), o.mask());
    }

    @Descriptor("set the virtual host's MAC, IP address and mask; options left out keep their value")
    public String securenathostset(
            @Descriptor("MAC address, e.g. 5E-12-34-56-78-9A") @Parameter(names = "--mac", absentValue = KEEP) String mac,
            @Descriptor("IPv4 address") @Parameter(names = "--ip", absentValue = KEEP) String ip,
            @Descriptor("subnet mask") @Parameter(names = "--mask", absentValue = KEEP) String mask,
            @Descriptor("hub") String hub) {
        return set(hub, o -> o.withHost(keep(mac, o.mac()), keep(ip, o.ip()), keep(mask, o.mask())), "virtual host");
    }

    @Descriptor("turn SecureNAT's virtual NAT on (vpncmd NatEnable)")
    public String natenable(@Descriptor("hub") String hub) {
        return set(hub, o -> nat(o, true), "virtual NAT on");
    }

    @Descriptor("turn SecureNAT's virtual NAT off: DHCP only (vpncmd NatDisable)")
    public String natdisable(@Descriptor("hub") String hub) {
        return set(hub, o -> nat(o, false), "virtual NAT off");
    }

    @Descriptor("set the virtual NAT's MTU, timeouts and logging; options left out keep their value (vpncmd NatSet)")
    public String natset(
            @Descriptor("MTU, 62..1500") @Parameter(names = "--mtu", absentValue = KEEP) String mtu,
            @Descriptor("TCP session timeout in seconds") @Parameter(names = "--tcptimeout", absentValue = KEEP) String tcp,
            @Descriptor("UDP session timeout in seconds") @Parameter(names = "--udptimeout", absentValue = KEEP) String udp,
            @Descriptor("log each NAT session yes/no") @Parameter(names = "--log", absentValue = KEEP) String log,
            @Descriptor("hub") String hub) {
        return set(hub, o -> o.withNat(o.useNat(), number(mtu, o.mtu(), "--mtu"),
                number(tcp, o.natTcpTimeoutSeconds(), "--tcptimeout"), number(udp, o.natUdpTimeoutSeconds(), "--udptimeout"),
                flag(log, o.saveLog(), "--log")), "virtual NAT");
    }

    @Descriptor("the virtual NAT's settings (vpncmd NatGet)")
    public NatSettings natget(@Descriptor("hub") String hub) {
        SecureNatOptions o = options(hub);
        return new NatSettings(hub, o.useNat(), o.mtu(), o.natTcpTimeoutSeconds(), o.natUdpTimeoutSeconds(), o.saveLog());
    }

    @Descriptor("the virtual NAT's sessions (vpncmd NatTable)")
    public List<NatEntry> natlist(@Descriptor("hub") String hub) {
        return ServerCommands.call(() -> admin.natList(hub));
    }

    @Descriptor("turn SecureNAT's virtual DHCP server on (vpncmd DhcpEnable)")
    public String dhcpenable(@Descriptor("hub") String hub) {
        return set(hub, o -> dhcp(o, true), "virtual DHCP server on");
    }

    @Descriptor("turn SecureNAT's virtual DHCP server off: NAT only (vpncmd DhcpDisable)")
    public String dhcpdisable(@Descriptor("hub") String hub) {
        return set(hub, o -> dhcp(o, false), "virtual DHCP server off");
    }

    @Descriptor("set the virtual DHCP server; options left out keep their value (vpncmd DhcpSet)")
    public String dhcpset(
            @Descriptor("first address of the pool") @Parameter(names = "--start", absentValue = KEEP) String start,
            @Descriptor("last address of the pool") @Parameter(names = "--end", absentValue = KEEP) String end,
            @Descriptor("subnet mask handed out") @Parameter(names = "--mask", absentValue = KEEP) String mask,
            @Descriptor("lease in seconds") @Parameter(names = "--expire", absentValue = KEEP) String expire,
            @Descriptor("default gateway handed out (0.0.0.0: none)") @Parameter(names = "--gw", absentValue = KEEP) String gw,
            @Descriptor("DNS server handed out (0.0.0.0: none)") @Parameter(names = "--dns", absentValue = KEEP) String dns,
            @Descriptor("second DNS server (0.0.0.0 or none: none)") @Parameter(names = "--dns2", absentValue = KEEP) String dns2,
            @Descriptor("domain name handed out (none: none)") @Parameter(names = "--domain", absentValue = KEEP) String domain,
            @Descriptor("log yes/no") @Parameter(names = "--log", absentValue = KEEP) String log,
            @Descriptor("static routes 'network/mask/gateway, ...' (none: none)")
            @Parameter(names = "--pushroute", absentValue = KEEP) String routes,
            @Descriptor("hub") String hub) {
        return set(hub, o -> o.withDhcp(o.useDhcp(), keep(start, o.dhcpLeaseStart()), keep(end, o.dhcpLeaseEnd()),
                keep(mask, o.dhcpSubnetMask()), number(expire, o.dhcpExpireSeconds(), "--expire"), keep(gw, o.dhcpGateway()),
                keep(dns, o.dhcpDns()), none(keep(dns2, o.dhcpDns2()), "0.0.0.0"), none(keep(domain, o.dhcpDomainName()), ""),
                flag(log, o.saveLog(), "--log"), none(keep(routes, o.dhcpPushRoutes()), "")), "virtual DHCP server");
    }

    @Descriptor("the virtual DHCP server's settings (vpncmd DhcpGet)")
    public DhcpSettings dhcpget(@Descriptor("hub") String hub) {
        SecureNatOptions o = options(hub);
        return new DhcpSettings(hub, o.useDhcp(), o.dhcpLeaseStart(), o.dhcpLeaseEnd(), o.dhcpSubnetMask(),
                o.dhcpExpireSeconds(), o.dhcpGateway(), o.dhcpDns(), o.dhcpDns2(), o.dhcpDomainName(), o.saveLog(),
                o.dhcpPushRoutes());
    }

    @Descriptor("the virtual DHCP server's leases (vpncmd DhcpTable)")
    public List<DhcpLease> dhcptable(@Descriptor("hub") String hub) {
        return ServerCommands.call(() -> admin.dhcpList(hub));
    }

    // ---------------------------------------------------------------- helpers

    private SecureNatOptions options(String hub) {
        return ServerCommands.call(() -> admin.secureNatOptionGet(hub));
    }

    private String set(String hub, UnaryOperator<SecureNatOptions> edit, String what) {
        SecureNatOptions next = edit.apply(options(hub)); // the Get answers applyDhcpPushRoutes true: the routes are sent
        return ServerCommands.run(() -> admin.secureNatOptionSet(hub, next), "SecureNAT of hub " + hub + ": " + what
                + " set");
    }

    private static SecureNatOptions nat(SecureNatOptions o, boolean on) {
        return o.withNat(on, o.mtu(), o.natTcpTimeoutSeconds(), o.natUdpTimeoutSeconds(), o.saveLog());
    }

    private static SecureNatOptions dhcp(SecureNatOptions o, boolean on) {
        return o.withDhcp(on, o.dhcpLeaseStart(), o.dhcpLeaseEnd(), o.dhcpSubnetMask(), o.dhcpExpireSeconds(),
                o.dhcpGateway(), o.dhcpDns(), o.dhcpDns2(), o.dhcpDomainName(), o.saveLog(), o.dhcpPushRoutes());
    }

    private static String keep(String v, String now) {
        return KEEP.equals(v) ? now : v.trim();
    }

    /** vpncmd's "none" for an empty value. */
    private static String none(String v, String empty) {
        return v.equalsIgnoreCase("none") ? empty : v;
    }

    private static int number(String v, int now, String option) {
        if (KEEP.equals(v)) {
            return now;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, not " + v);
        }
    }

    private static boolean flag(String v, boolean now, String option) {
        return KEEP.equals(v) ? now : ServerCommands.yes(v, option);
    }
}
