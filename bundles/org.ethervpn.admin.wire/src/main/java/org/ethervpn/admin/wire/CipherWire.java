package org.ethervpn.admin.wire;

import java.util.Arrays;
import java.util.List;

import org.ethervpn.pack.Pack;

/**
 * GetServerCipher, GetServerCipherList and SetServerCipher (admin spec §5.2): one {@code String}
 * field holding suite names separated by ";" (OpenSSL names, as SoftEther gives them), or
 * {@value #DEFAULT} for the cipher plugin's own list, SoftEther's factory setting.
 */
public final class CipherWire {
    /** The cipher value that means "the plugin's own list". */
    public static final String DEFAULT = "~DEFAULT~";

    private CipherWire() {
    }

    /** The request or answer carrying {@code text}. */
    public static Pack write(String text) {
        return new Pack().addStr("String", text);
    }

    /** The suites as sent, or {@link #DEFAULT} for none. */
    public static Pack write(List<String> suites) {
        return write(suites.isEmpty() ? DEFAULT : String.join(";", suites));
    }

    public static String read(Pack p) {
        return p.getStr("String");
    }

    public static boolean isDefault(String text) {
        return text.trim().equalsIgnoreCase(DEFAULT);
    }

    /** The suite names of a text, however they are separated (";", ":", "," or spaces); {@link #DEFAULT} is none. */
    public static List<String> suites(String text) {
        if (isDefault(text)) {
            return List.of();
        }
        return Arrays.stream(text.split("[;:, ]+")).filter(s -> !s.isEmpty()).toList();
    }
}
