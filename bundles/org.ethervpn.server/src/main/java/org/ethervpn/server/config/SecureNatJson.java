package org.ethervpn.server.config;

import static org.ethervpn.config.JsonMembers.bool;
import static org.ethervpn.config.JsonMembers.construct;
import static org.ethervpn.config.JsonMembers.integer;
import static org.ethervpn.config.JsonMembers.string;

import java.security.SecureRandom;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.config.ConfigException;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonString;

/**
 * A hub's {@code "secureNat"} in {@code server.json}. Every member but {@code mac} defaults to
 * SoftEther's default; a hub without the object (a file from before SecureNAT) has none yet: the
 * server gives it SecureNAT off with a new MAC and saves that as it starts.
 */
final class SecureNatJson {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecureNatJson() {
    }

    static JsonObject write(SecureNatConfig c) {
        SecureNatOptions o = c.options();
        return JsonObject.builder()
                .put("enabled", JsonBool.of(c.enabled()))
                .put("mac", new JsonString(o.mac()))
                .put("ip", new JsonString(o.ip()))
                .put("mask", new JsonString(o.mask()))
                .put("nat", JsonBool.of(o.useNat()))
                .put("mtu", JsonNumber.of(o.mtu()))
                .put("natTcpTimeoutSeconds", JsonNumber.of(o.natTcpTimeoutSeconds()))
                .put("natUdpTimeoutSeconds", JsonNumber.of(o.natUdpTimeoutSeconds()))
                .put("dhcp", JsonBool.of(o.useDhcp()))
                .put("dhcpLeaseStart", new JsonString(o.dhcpLeaseStart()))
                .put("dhcpLeaseEnd", new JsonString(o.dhcpLeaseEnd()))
                .put("dhcpSubnetMask", new JsonString(o.dhcpSubnetMask()))
                .put("dhcpExpireSeconds", JsonNumber.of(o.dhcpExpireSeconds()))
                .put("dhcpGateway", new JsonString(o.dhcpGateway()))
                .put("dhcpDns", new JsonString(o.dhcpDns()))
                .put("dhcpDns2", new JsonString(o.dhcpDns2()))
                .put("dhcpDomainName", new JsonString(o.dhcpDomainName()))
                .put("dhcpPushRoutes", new JsonString(o.dhcpPushRoutes()))
                .put("saveLog", JsonBool.of(o.saveLog()))
                .build();
    }

    /** {@code o} null (an older file): null, not chosen yet (the server chooses and saves it). */
    static SecureNatConfig read(JsonObject o, String at) throws ConfigException {
        if (o == null) {
            return null;
        }
        SecureNatOptions d = SecureNatRules.defaults(RANDOM);
        boolean enabled = bool(o, at, "enabled", false);
        SecureNatOptions opts = new SecureNatOptions(string(o, at, "mac", d.mac()), string(o, at, "ip", d.ip()),
                string(o, at, "mask", d.mask()), bool(o, at, "nat", d.useNat()),
                (int) integer(o, at, "mtu", Integer.MIN_VALUE, Integer.MAX_VALUE, d.mtu()),
                (int) integer(o, at, "natTcpTimeoutSeconds", Integer.MIN_VALUE, Integer.MAX_VALUE, d.natTcpTimeoutSeconds()),
                (int) integer(o, at, "natUdpTimeoutSeconds", Integer.MIN_VALUE, Integer.MAX_VALUE, d.natUdpTimeoutSeconds()),
                bool(o, at, "dhcp", d.useDhcp()), string(o, at, "dhcpLeaseStart", d.dhcpLeaseStart()),
                string(o, at, "dhcpLeaseEnd", d.dhcpLeaseEnd()), string(o, at, "dhcpSubnetMask", d.dhcpSubnetMask()),
                (int) integer(o, at, "dhcpExpireSeconds", Integer.MIN_VALUE, Integer.MAX_VALUE, d.dhcpExpireSeconds()),
                string(o, at, "dhcpGateway", d.dhcpGateway()), string(o, at, "dhcpDns", d.dhcpDns()),
                string(o, at, "dhcpDns2", d.dhcpDns2()), string(o, at, "dhcpDomainName", d.dhcpDomainName()),
                bool(o, at, "saveLog", d.saveLog()), true, string(o, at, "dhcpPushRoutes", d.dhcpPushRoutes()));
        // the range checks are SecureNatRules' (one message per field, named as SoftEther names it)
        return construct(at, () -> new SecureNatConfig(enabled, opts));
    }
}
