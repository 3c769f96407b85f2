package org.ethervpn.protocol;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    /** Parses hex, ignoring white space. */
    static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
