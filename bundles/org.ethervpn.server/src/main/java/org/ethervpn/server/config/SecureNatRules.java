package org.ethervpn.server.config;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.ethervpn.api.admin.SecureNatOptions;

/**
 * What SecureNAT settings may be, as SoftEther's server and vpncmd check them (SetSecureNATOption,
 * SecureNatHostSet, NatSet, DhcpSet), and their one spelling: the MAC as {@code 5E-12-34-56-78-9A},
 * pushed routes as {@code network/mask/gateway, ...} with the network masked. Messages name the
 * field as SoftEther's admin RPC does ({@code Mtu}, {@code DhcpLeaseIPStart}...).
 */
public final class SecureNatRules {
    /** vpncmd NatSet: TCP + IP + Ethernet headers + 8 .. SoftEther's largest layer-3 payload. */
    public static final int MIN_MTU = 62;
    public static final int MAX_MTU = 1500;
    public static final int MIN_TCP_TIMEOUT = 60;
    public static final int MIN_UDP_TIMEOUT = 10;
    /** vpncmd's upper bound of every SecureNAT timeout and the DHCP lease. */
    public static final int MAX_TIMEOUT = 2_000_000;
    /** SoftEther's MAX_DHCP_CLASSLESS_ROUTE_ENTRIES. */
    public static final int MAX_ROUTES = 64;
    private static final int MAX_DOMAIN = 255;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SecureNatRules() {
    }

    /** SoftEther's defaults with a new MAC, {@code 5E} and five random bytes (its GenMacAddress's locally administered prefix). */
    public static SecureNatOptions defaults(RandomGenerator random) {
        byte[] mac = new byte[6];
        random.nextBytes(mac);
        mac[0] = 0x5E;
        return SecureNatOptions.defaults(mac(mac));
    }

    /**
     * The options checked and in their one spelling. {@code applyDhcpPushRoutes} comes back true: it
     * is a flag of SoftEther's Set request (false: keep the stored routes), never a setting, and its
     * Get always answers true; the routes are handed out whenever there are some.
     *
     * @throws IllegalArgumentException naming the first field that is not valid
     */
    public static SecureNatOptions check(SecureNatOptions o) {
        byte[] mac = parseMac(o.mac());
        int ip = ipv4("Ip", o.ip());
        int mask = mask("Mask", o.mask());
        if (ip == 0 || ip == -1) {
            throw new IllegalArgumentException("Ip " + o.ip() + " is not a host address");
        }
        if ((ip & ~mask) == 0) {
            throw new IllegalArgumentException("Ip " + o.ip() + " is the network address of its subnet " + o.mask());
        }
        range("Mtu", o.mtu(), MIN_MTU, MAX_MTU);
        range("NatTcpTimeout", o.natTcpTimeoutSeconds(), MIN_TCP_TIMEOUT, MAX_TIMEOUT);
        range("NatUdpTimeout", o.natUdpTimeoutSeconds(), MIN_UDP_TIMEOUT, MAX_TIMEOUT);
        int start = ipv4("DhcpLeaseIPStart", o.dhcpLeaseStart());
        int end = ipv4("DhcpLeaseIPEnd", o.dhcpLeaseEnd());
        mask("DhcpSubnetMask", o.dhcpSubnetMask());
        if (o.useDhcp() && Integer.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("DhcpLeaseIPStart " + o.dhcpLeaseStart() + " comes after DhcpLeaseIPEnd "
                    + o.dhcpLeaseEnd());
        }
        range("DhcpExpireTimeSpan", o.dhcpExpireSeconds(), MIN_UDP_TIMEOUT, MAX_TIMEOUT);
        ipv4("DhcpGatewayAddress", o.dhcpGateway());
        ipv4("DhcpDnsServerAddress", o.dhcpDns());
        ipv4("DhcpDnsServerAddress2", o.dhcpDns2());
        String domain = o.dhcpDomainName() == null ? "" : o.dhcpDomainName().trim();
        if (domain.length() > MAX_DOMAIN || !domain.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("DhcpDomainName must be at most " + MAX_DOMAIN
                    + " printable ASCII characters without spaces: \"" + domain + "\"");
        }
        String routes = routes(o.dhcpPushRoutes() == null ? "" : o.dhcpPushRoutes());
        return new SecureNatOptions(mac(mac), dotted(ip), dotted(mask), o.useNat(), o.mtu(), o.natTcpTimeoutSeconds(),
                o.natUdpTimeoutSeconds(), o.useDhcp(), dotted(start), dotted(end), dotted(ipv4("", o.dhcpSubnetMask())),
                o.dhcpExpireSeconds(), dotted(ipv4("", o.dhcpGateway())), dotted(ipv4("", o.dhcpDns())),
                dotted(ipv4("", o.dhcpDns2())), domain, o.saveLog(), true, routes);
    }

    /** A MAC in any of {@code 5E-12-..}, {@code 5e:12:..}, {@code 5E12..}: six bytes, not zero, not a group address. */
    public static byte[] parseMac(String text) {
        String hex = text == null ? "" : text.trim().replace("-", "").replace(":", "");
        byte[] mac;
        try {
            mac = hex.length() == 12 ? HexFormat.of().parseHex(hex) : null;
        } catch (IllegalArgumentException e) {
            mac = null;
        }
        if (mac == null) {
            throw new IllegalArgumentException("MacAddress \"" + text + "\" is not a MAC address (six bytes, e.g. 5E-12-34-56-78-9A)");
        }
        if ((mac[0] & 1) != 0 || java.util.Arrays.equals(mac, new byte[6])) {
            throw new IllegalArgumentException("MacAddress " + text + " is not a station address (zero or a group address)");
        }
        return mac;
    }

    public static String mac(byte[] mac) {
        List<String> parts = new ArrayList<>();
        for (byte b : mac) {
            parts.add(HEX.toHexDigits(b));
        }
        return String.join("-", parts);
    }

    /**
     * SoftEther's DhcpPushRoutes normalised: entries {@code network/mask/gateway} (mask dotted or a
     * prefix length) separated by commas or blanks, at most 64; written dotted, comma-separated.
     */
    public static String routes(String text) {
        List<String> out = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String[] p = entry.split("/", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("DhcpPushRoutes entry \"" + entry + "\" is not network/mask/gateway");
            }
            int mask;
            if (p[1].matches("\\d{1,2}")) {
                int len = Integer.parseInt(p[1]);
                if (len > 32) {
                    throw new IllegalArgumentException("DhcpPushRoutes entry \"" + entry + "\": prefix length over 32");
                }
                mask = len == 0 ? 0 : -1 << (32 - len);
            } else {
                mask = mask("DhcpPushRoutes entry \"" + entry + "\": mask", p[1]);
            }
            int net = ipv4("DhcpPushRoutes entry \"" + entry + "\": network", p[0]) & mask;
            int gw = ipv4("DhcpPushRoutes entry \"" + entry + "\": gateway", p[2]);
            out.add(dotted(net) + "/" + dotted(mask) + "/" + dotted(gw));
        }
        if (out.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("DhcpPushRoutes has " + out.size() + " routes, at most " + MAX_ROUTES);
        }
        return String.join(", ", out);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + ", is " + value);
        }
    }

    private static int mask(String field, String text) {
        int m = ipv4(field, text);
        if (m != 0 && (~m & (~m + 1)) != 0) {
            throw new IllegalArgumentException(field + " " + text + " is not a subnet mask");
        }
        return m;
    }

    /** Dotted IPv4 only: names are never resolved here. */
    static int ipv4(String field, String text) {
        String t = text == null ? "" : text.trim();
        String[] p = t.split("\\.", -1);
        if (p.length == 4) {
            int v = 0;
            boolean ok = true;
            for (String s : p) {
                if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > 255) {
                    ok = false;
                    break;
                }
                v = v << 8 | Integer.parseInt(s);
            }
            if (ok) {
                return v;
            }
        }
        throw new IllegalArgumentException((field.isEmpty() ? "" : field + " ") + "\"" + text + "\" is not an IPv4 address");
    }

    static String dotted(int v) {
        return String.format(Locale.ROOT, "%d.%d.%d.%d", v >>> 24, v >>> 16 & 255, v >>> 8 & 255, v & 255);
    }
}
