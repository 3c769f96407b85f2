package org.ethervpn.api.admin;

/**
 * A hub's SecureNAT settings, SoftEther's {@code VH_OPTION}: the virtual host (its MAC and IPv4
 * address on the hub), the virtual NAT and the virtual DHCP server. Addresses are dotted IPv4 text,
 * the MAC is {@code 5E-12-34-56-78-9A} (or with colons). Timeouts and the lease are in seconds.
 *
 * @param dhcpPushRoutes SoftEther's {@code DhcpPushRoutes}: static routes handed out by DHCP (option
 *                       121), {@code "network/mask/gateway"} entries separated by commas or spaces;
 *                       sent only when {@code applyDhcpPushRoutes}
 * @param saveLog        SoftEther's SaveLog: log each NAT session's start and end
 */
public record SecureNatOptions(String mac, String ip, String mask, boolean useNat, int mtu,
        int natTcpTimeoutSeconds, int natUdpTimeoutSeconds, boolean useDhcp, String dhcpLeaseStart,
        String dhcpLeaseEnd, String dhcpSubnetMask, int dhcpExpireSeconds, String dhcpGateway, String dhcpDns,
        String dhcpDns2, String dhcpDomainName, boolean saveLog, boolean applyDhcpPushRoutes,
        String dhcpPushRoutes) {

    /** With another virtual host (vpncmd SecureNatHostSet). */
    public SecureNatOptions withHost(String newMac, String newIp, String newMask) {
        return new SecureNatOptions(newMac, newIp, newMask, useNat, mtu, natTcpTimeoutSeconds, natUdpTimeoutSeconds,
                useDhcp, dhcpLeaseStart, dhcpLeaseEnd, dhcpSubnetMask, dhcpExpireSeconds, dhcpGateway, dhcpDns, dhcpDns2,
                dhcpDomainName, saveLog, applyDhcpPushRoutes, dhcpPushRoutes);
    }

    /** With other virtual NAT settings (vpncmd NatEnable/NatDisable/NatSet). */
    public SecureNatOptions withNat(boolean nat, int newMtu, int tcpTimeout, int udpTimeout, boolean log) {
        return new SecureNatOptions(mac, ip, mask, nat, newMtu, tcpTimeout, udpTimeout, useDhcp, dhcpLeaseStart,
                dhcpLeaseEnd, dhcpSubnetMask, dhcpExpireSeconds, dhcpGateway, dhcpDns, dhcpDns2, dhcpDomainName, log,
                applyDhcpPushRoutes, dhcpPushRoutes);
    }

    /** With other virtual DHCP server settings (vpncmd DhcpEnable/DhcpDisable/DhcpSet). */
    public SecureNatOptions withDhcp(boolean dhcp, String start, String end, String subnetMask, int expireSeconds,
            String gateway, String dns, String dns2, String domainName, boolean log, String pushRoutes) {
        return new SecureNatOptions(mac, ip, mask, useNat, mtu, natTcpTimeoutSeconds, natUdpTimeoutSeconds, dhcp, start,
                end, subnetMask, expireSeconds, gateway, dns, dns2, domainName, log, applyDhcpPushRoutes, pushRoutes);
    }

    /** With {@code applyDhcpPushRoutes} and the routes set. */
    public SecureNatOptions withPushRoutes(boolean apply, String routes) {
        return new SecureNatOptions(mac, ip, mask, useNat, mtu, natTcpTimeoutSeconds, natUdpTimeoutSeconds, useDhcp,
                dhcpLeaseStart, dhcpLeaseEnd, dhcpSubnetMask, dhcpExpireSeconds, dhcpGateway, dhcpDns, dhcpDns2,
                dhcpDomainName, saveLog, apply, routes);
    }

    /**
     * SoftEther's defaults for a new hub: 192.168.30.1/24, NAT and DHCP on, MTU 1500, TCP 1800 s, UDP
     * 60 s, pool 192.168.30.10-200 for 7200 s, gateway and DNS = the virtual host, no domain.
     *
     * @param mac the virtual host's MAC (SoftEther generates one per hub)
     */
    public static SecureNatOptions defaults(String mac) {
        return new SecureNatOptions(mac, "192.168.30.1", "255.255.255.0", true, 1500, 1800, 60, true,
                "192.168.30.10", "192.168.30.200", "255.255.255.0", 7200, "192.168.30.1", "192.168.30.1",
                "0.0.0.0", "", true, false, "");
    }
}
