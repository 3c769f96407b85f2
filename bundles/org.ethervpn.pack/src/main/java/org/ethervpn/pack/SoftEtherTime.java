package org.ethervpn.pack;

import java.time.Instant;
import java.util.Optional;

import org.ethervpn.pack.internal.TimeText;

/**
 * SoftEther's INT64 times: milliseconds since 1970-01-01 UTC minus nine hours (the product
 * subtracts JST once), with 0 meaning "never" (admin spec §4.4).
 */
public final class SoftEtherTime {
    /** The nine hours SoftEther subtracts, in milliseconds. */
    public static final long OFFSET_MILLIS = TimeText.OFFSET_MILLIS;

    private SoftEtherTime() {
    }

    /** The wire value of a Unix time in milliseconds; times before 09:00 UTC on 1970-01-01 give 0. */
    public static long fromUnixMillis(long unixMillis) {
        return unixMillis <= Long.MIN_VALUE + OFFSET_MILLIS ? 0 : Math.max(0, unixMillis - OFFSET_MILLIS);
    }

    /** The Unix time in milliseconds of a wire value (for 0, "never", this is 09:00 UTC on 1970-01-01). */
    public static long toUnixMillis(long wire) {
        return wire + OFFSET_MILLIS;
    }

    public static long fromInstant(Instant instant) {
        return fromUnixMillis(instant.toEpochMilli());
    }

    /** The instant of a wire value; empty for 0, "never". */
    public static Optional<Instant> toInstant(long wire) {
        return wire == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(toUnixMillis(wire)));
    }

    /** The JSON text SoftEther shows for a wire value, e.g. {@code 2030-01-02T03:04:05.000Z}. */
    public static String toJsonText(long wire) {
        return TimeText.format(wire);
    }

    /**
     * The wire value of a JSON {@code _dt} text (RFC 3339 without time-zone arithmetic).
     *
     * @throws IllegalArgumentException if the text is not a date-time
     */
    public static long fromJsonText(String text) {
        return TimeText.parse(text);
    }
}
