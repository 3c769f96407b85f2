package org.ethervpn.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * SoftEther's security policy items (session spec §3.5, admin spec §5.1 {@code <POLICY>}): their
 * names, kinds and the values of SoftEther's default policy. One table for the welcome, the admin
 * RPC and the configuration import, so they agree on what "default" means.
 */
public final class SoftEtherPolicy {
    /** Whether an item is a flag (PACK INT 0/1, config {@code bool}) or a number (u32, config {@code uint}). */
    public enum Kind { BOOL, UINT }

    /** One policy item and its value in SoftEther's default policy. */
    public record Item(String name, Kind kind, long defaultValue) {
    }

    /** Idle seconds before a session is dropped, in the default policy. */
    public static final int TIMEOUT_SECONDS = 20;
    /** TCP connections per session, in the default policy. */
    public static final int MAX_CONNECTION = 32;

    private static final List<Item> ITEMS;

    static {
        List<Item> items = new ArrayList<>();
        for (String name : new String[] {"Access", "DHCPFilter", "DHCPNoServer", "DHCPForce", "NoBridge", "NoRouting",
            "PrivacyFilter", "NoServer", "CheckMac", "CheckIP", "ArpDhcpOnly", "MonitorPort", "NoBroadcastLimiter",
            "FixPassword", "NoQoS", "RSandRAFilter", "RAFilter", "DHCPv6Filter", "DHCPv6NoServer", "NoRoutingV6",
            "CheckIPv6", "NoServerV6", "NoSavePassword", "FilterIPv4", "FilterIPv6", "FilterNonIP",
            "NoIPv6DefaultRouterInRA", "NoIPv6DefaultRouterInRAWhenIPv6"}) {
            items.add(new Item(name, Kind.BOOL, name.equals("Access") ? 1 : 0));
        }
        for (String name : new String[] {"MaxConnection", "TimeOut", "MaxMac", "MaxIP", "MaxUpload", "MaxDownload",
            "MultiLogins", "MaxIPv6", "AutoDisconnect", "VLanId"}) {
            long value = switch (name) {
                case "MaxConnection" -> MAX_CONNECTION;
                case "TimeOut" -> TIMEOUT_SECONDS;
                default -> 0;
            };
            items.add(new Item(name, Kind.UINT, value));
        }
        ITEMS = Collections.unmodifiableList(items);
    }

    private SoftEtherPolicy() {
    }

    /** The 38 items in SoftEther's order (without the {@code Ver3} marker). */
    public static List<Item> items() {
        return ITEMS;
    }

    /**
     * The default policy as a session gets it: NoBridge and NoRouting are set for sessions that did
     * not ask for bridge/routing mode (§3.6). Item name to value, in SoftEther's order.
     */
    public static Map<String, Long> defaults(boolean bridgeMode) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Item i : ITEMS) {
            boolean noBridge = i.name().equals("NoBridge") || i.name().equals("NoRouting");
            m.put(i.name(), noBridge && !bridgeMode ? 1 : i.defaultValue());
        }
        return m;
    }

    /**
     * The items whose value differs from SoftEther's default policy, as {@code Name=value} in
     * SoftEther's order. {@code value} answers an item's value, or a negative number for an item
     * that is absent (absent items count as default).
     */
    public static List<String> differences(ToLongFunction<Item> value) {
        List<String> out = new ArrayList<>();
        for (Item i : ITEMS) {
            long v = value.applyAsLong(i);
            if (v >= 0 && v != i.defaultValue()) {
                out.add(i.name() + "=" + (i.kind() == Kind.BOOL ? (v != 0 ? "true" : "false") : Long.toString(v)));
            }
        }
        return out;
    }
}
