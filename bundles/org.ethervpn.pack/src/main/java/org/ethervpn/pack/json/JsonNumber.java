package org.ethervpn.pack.json;

import java.util.regex.Pattern;

/** A JSON number, kept as its text so that no precision is lost. */
public record JsonNumber(String text) implements JsonValue {
    private static final Pattern SYNTAX = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9][0-9]{0,19}");

    /** @throws IllegalArgumentException if the text is not a JSON number */
    public JsonNumber {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a JSON number");
        }
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    /** The number of an unsigned 64-bit value held in a {@code long}. */
    public static JsonNumber ofUnsigned(long value) {
        return new JsonNumber(Long.toUnsignedString(value));
    }

    /** Whether this is an integer from 0 to 2^64-1 (the only numbers SoftEther's JSON accepts). */
    public boolean isUnsignedInteger() {
        if (!UNSIGNED.matcher(text).matches()) {
            return false;
        }
        try {
            Long.parseUnsignedLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The value as an unsigned 64-bit number in a {@code long}.
     *
     * @throws ArithmeticException if it is not an integer from 0 to 2^64-1
     */
    public long unsignedValue() {
        if (!isUnsignedInteger()) {
            throw new ArithmeticException(text + " is not an integer from 0 to 18446744073709551615");
        }
        return Long.parseUnsignedLong(text);
    }

    /** Whether the number is zero (in any notation). */
    public boolean isZero() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
