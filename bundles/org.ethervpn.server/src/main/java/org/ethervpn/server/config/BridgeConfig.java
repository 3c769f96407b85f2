package org.ethervpn.server.config;

import java.util.Locale;

/**
 * A local bridge: the hub's frames go out on a network interface of this machine and frames seen
 * there enter the hub. {@code tap} false attaches to an existing interface (a NIC, one end of a
 * veth); true creates a TAP device named {@code tap_<device>}, as SoftEther does.
 *
 * @param hub    the hub, which need not exist yet (the bridge waits for it, like SoftEther's)
 * @param device the interface name (1..15 bytes of [A-Za-z0-9_.-]; with tap at most 11, for the prefix)
 */
public record BridgeConfig(String hub, String device, boolean tap) {
    /** SoftEther names a bridge's TAP device after it with this prefix. */
    public static final String TAP_PREFIX = "tap_";
    private static final int IFNAMSIZ = 15;

    public BridgeConfig {
        NameRules.hub(hub);
        if (device == null || device.isEmpty()) {
            throw new IllegalArgumentException("a local bridge needs a device name");
        }
        int max = tap ? IFNAMSIZ - TAP_PREFIX.length() : IFNAMSIZ;
        if (device.length() > max) {
            throw new IllegalArgumentException("device name \"" + device + "\" is longer than " + max + " characters"
                    + (tap ? " (the TAP device is named " + TAP_PREFIX + device + ")" : ""));
        }
        if (!device.matches("[A-Za-z0-9_.-]+") || device.equals(".") || device.equals("..")) {
            throw new IllegalArgumentException("device name \"" + device + "\" may only use A-Z a-z 0-9 _ . -");
        }
    }

    /** The interface the bridge opens: the device itself, or the TAP device it creates. */
    public String interfaceName() {
        return tap ? TAP_PREFIX + device.toLowerCase(Locale.ROOT) : device;
    }

    /** Whether this is the bridge of {@code hubName} to {@code deviceName} (hub ignoring case). */
    public boolean is(String hubName, String deviceName) {
        return NameRules.same(hub, hubName) && device.equals(deviceName);
    }
}
