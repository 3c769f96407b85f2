package org.ethervpn.pack;

/** The value types of a PACK element, with their wire codes. */
public enum ValueType {
    /** Unsigned 32-bit integer (held in a Java {@code int}). */
    INT(0),
    /** Bytes with a 32-bit length. */
    DATA(1),
    /** Bytes of text, no NUL (nominally ANSI; UTF-8 here). */
    STR(2),
    /** UTF-8 text; on the wire a trailing NUL is sent and counted in the length. */
    UNISTR(3),
    /** Unsigned 64-bit integer (held in a Java {@code long}). */
    INT64(4);

    private static final ValueType[] BY_CODE = values();

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The type of a wire code, or {@code null} if the code is unknown. */
    public static ValueType ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The smallest number of bytes one value of this type takes on the wire. */
    int minWireSize() {
        return this == INT64 ? 8 : 4;
    }
}
