package org.ethervpn.pack.internal;

import java.nio.charset.StandardCharsets;

/** Element-name rules shared by the model, the codec and the JSON mapping. */
public final class Names {
    /** SoftEther keeps at most this many name bytes; longer names are cut by its reader. */
    public static final int MAX_NAME_BYTES = 63;

    private Names() {
    }

    /**
     * The UTF-8 bytes of a name given by a caller.
     *
     * @throws IllegalArgumentException if the name is longer than 63 bytes or contains NUL, which
     *     the C reader would cut and so turn into a different name
     */
    public static byte[] encode(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "element name '" + name + "' is " + bytes.length + " bytes long; at most " + MAX_NAME_BYTES + " are allowed");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("element name '" + name.replace('\0', '?') + "' contains a NUL character");
            }
        }
        return bytes;
    }

    /**
     * The lookup key of a name: its bytes seen as ISO-8859-1 with ASCII letters folded to lower case,
     * so that comparisons follow the byte-wise, ASCII-only rule of the C code.
     */
    public static String key(byte[] nameBytes, int offset, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = foldChar((char) (nameBytes[offset + i] & 0xff));
        }
        return new String(chars);
    }

    /** The lookup key of a name given as a Java string. */
    public static String key(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                return key(bytes, 0, bytes.length);
            }
        }
        return foldAscii(name);
    }

    /** Lower-cases ASCII letters only (never locale- or Unicode-dependent). */
    public static String foldAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    chars[j] = foldChar(chars[j]);
                }
                return new String(chars);
            }
        }
        return s;
    }

    private static char foldChar(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
