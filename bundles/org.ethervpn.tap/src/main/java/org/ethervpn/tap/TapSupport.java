package org.ethervpn.tap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/** Checks that need no native calls: platform, interface names, MAC addresses. */
public final class TapSupport {
    /** Linux's IFNAMSIZ minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;
    static final Path TUN_DEVICE = Path.of("/dev/net/tun");

    private static volatile String unavailable;
    private static volatile boolean checked;

    private TapSupport() {
    }

    /** Why TAP adapters cannot work here, or {@code null} when they can. */
    public static String unavailableReason() {
        if (!checked) {
            unavailable = computeUnavailableReason();
            checked = true;
        }
        return unavailable;
    }

    private static String computeUnavailableReason() {
        String os = System.getProperty("os.name", "?");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "TAP and packet adapters need Linux; this is " + os;
        }
        try {
            // loads the FFM bindings: fails without java.lang.foreign or the libc symbols
            Libc.strerror(0);
        } catch (Throwable e) { // LinkageError, IllegalCallerException (native access disabled), ...
            return "the Java FFM API cannot call libc here: " + e;
        }
        return null;
    }

    /** {@code null} when {@code name} is a valid Linux interface name, otherwise what is wrong with it. */
    public static String checkInterfaceName(String name) {
        if (name == null || name.isEmpty()) {
            return "the interface name is empty";
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_LENGTH) {
            return "interface name '" + name + "' has " + bytes.length + " bytes; Linux allows at most " + MAX_NAME_LENGTH;
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a valid interface name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return "interface name '" + name + "' contains '" + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c)
                        + "'; use letters, digits, '-', '_' and '.' only";
            }
        }
        return null;
    }

    static void requireValidName(String name) throws IOException {
        String problem = checkInterfaceName(name);
        if (problem != null) {
            throw new IOException(problem);
        }
    }

    /** A valid name, and FFM works on this system; otherwise an IOException with the reason. */
    static void requireUsable(String name) throws IOException {
        requireValidName(name);
        String reason = unavailableReason();
        if (reason != null) {
            throw new IOException(reason);
        }
    }

    /**
     * Parses {@code 02:00:5e:10:00:01} (or with '-'). The address must be unicast (low bit of the first
     * byte clear) and not all zeros.
     */
    public static byte[] parseMac(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC address '" + text + "' must have 6 bytes like 02:00:5e:10:00:01");
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("MAC address '" + text + "': '" + parts[i] + "' is not two hex digits");
            }
            try {
                mac[i] = (byte) HexFormat.fromHexDigits(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MAC address '" + text + "': '" + parts[i] + "' is not two hex digits", e);
            }
        }
        checkMac(mac);
        return mac;
    }

    static void checkMac(byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        }
        if ((mac[0] & 1) != 0) {
            throw new IllegalArgumentException("MAC address " + formatMac(mac) + " is multicast; an interface needs a unicast one");
        }
        boolean zero = true;
        for (byte b : mac) {
            zero &= b == 0;
        }
        if (zero) {
            throw new IllegalArgumentException("MAC address 00:00:00:00:00:00 is not usable");
        }
    }

    public static String formatMac(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    static boolean tunDeviceExists() {
        return Files.exists(TUN_DEVICE);
    }
}
