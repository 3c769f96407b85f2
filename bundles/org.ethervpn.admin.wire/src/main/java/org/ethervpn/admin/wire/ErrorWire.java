package org.ethervpn.admin.wire;

import org.ethervpn.pack.Pack;

/**
 * A failed call's answer (admin spec §3): {@code error}, SoftEther's code (0 or absent: success),
 * and EtherVPN's {@code ErrorText} saying why in words. A SoftEther client reads only the code;
 * a SoftEther server never sends the text.
 */
public final class ErrorWire {
    private ErrorWire() {
    }

    /**
     * The answer for {@code code}, with {@code text} unless it is null or empty. The text may quote
     * what the caller sent (a method name, say); a NUL in it, which a UNISTR cannot carry, becomes '?'.
     */
    public static Pack write(int code, String text) {
        Pack p = new Pack().addInt("error", code);
        return text == null || text.isEmpty() ? p : p.addUniStr("ErrorText", text.replace('\0', '?'));
    }

    /** The code of an answer: 0 if it is not a failure. */
    public static int code(Pack answer) {
        return answer.getInt("error");
    }

    /** The reason in words, or null if the server gave none. */
    public static String text(Pack answer) {
        String t = answer.getText("ErrorText");
        return t.isEmpty() ? null : t;
    }
}
