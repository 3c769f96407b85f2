package org.ethervpn.server.config;

/**
 * The rules for the names of hubs, users and cascades in the server's configuration, shared by the
 * model, the JSON mapping and the SoftEther importer.
 */
public final class NameRules {
    public static final int MAX_LENGTH = 255;

    private NameRules() {
    }

    /** 1..255 of {@code A-Z a-z 0-9 - _ .}: safe in file names, logs and vpncmd arguments. */
    public static String hub(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("hub name must be 1 to " + MAX_LENGTH + " characters long"
                    + (name == null ? "" : ", is " + name.length()));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                throw new IllegalArgumentException("hub name \"" + name + "\" may only contain ASCII letters, digits, '-', '_'"
                        + " and '.'; " + describe(c) + " at position " + (i + 1) + " is not allowed");
            }
        }
        return name;
    }

    /** 1..255 characters, no whitespace or control characters (they make names ambiguous in logs and lists). */
    public static String user(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("user name must be 1 to " + MAX_LENGTH + " characters long"
                    + (name == null ? "" : ", is " + name.length()));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("user name may not contain whitespace or control characters; "
                        + describe(c) + " at position " + (i + 1) + " is not allowed");
            }
        }
        return name;
    }

    /**
     * Case-insensitive for ASCII letters only, like SoftEther's {@code StrCmpi} and the upper-casing
     * inside the password hash, so two names SoftEther keeps apart stay apart here.
     */
    public static boolean same(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (upper(a.charAt(i)) != upper(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The name with ASCII letters upper-cased: equal keys for {@link #same} names. */
    public static String key(String name) {
        char[] c = name.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = upper(c[i]);
        }
        return new String(c);
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    private static String describe(char c) {
        return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
