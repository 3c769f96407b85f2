package org.ethervpn.pack.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The JSON text of SoftEther INT64 times. The wire value is Unix milliseconds minus nine hours;
 * the JSON text shows true UTC ({@code wire + 9 h}), so zero prints as 1970-01-01T09:00:00.000Z.
 */
public final class TimeText {
    /** Nine hours: SoftEther subtracts JST once from UTC times. */
    public static final long OFFSET_MILLIS = 32_400_000L;

    private static final long MAX_MILLIS =
            LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1000 + 999;

    private TimeText() {
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.mmmZ} of a wire value (unsigned); values past year 9999 print as its last instant. */
    public static String format(long wire) {
        long millis = wire < 0 || wire > MAX_MILLIS - OFFSET_MILLIS ? MAX_MILLIS : wire + OFFSET_MILLIS;
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), Math.floorMod(millis, 1000));
    }

    /**
     * The wire value of {@code YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]]}: anything from a '+' on is cut and a
     * trailing 'Z' ignored, without any time-zone arithmetic; times before the epoch + 9 h give 0.
     *
     * @throws IllegalArgumentException if the text is not such a date
     */
    public static long parse(String text) {
        String s = text.strip();
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        if (s.endsWith("Z") || s.endsWith("z")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
                throw new DateTimeException("no date");
            }
            LocalDate date = LocalDate.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10));
            LocalTime time = LocalTime.MIDNIGHT;
            if (s.length() > 10) {
                time = parseTime(s);
            }
            long millis = LocalDateTime.of(date, time).toEpochSecond(ZoneOffset.UTC) * 1000 + time.getNano() / 1_000_000;
            return Math.max(0, millis - OFFSET_MILLIS);
        } catch (DateTimeException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date-time of the form YYYY-MM-DDTHH:MM:SS.fff");
        }
    }

    private static LocalTime parseTime(String s) {
        char separator = s.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ' || s.length() < 16 || s.charAt(13) != ':') {
            throw new DateTimeException("no time");
        }
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = 0;
        int millis = 0;
        if (s.length() > 16) {
            if (s.length() < 19 || s.charAt(16) != ':') {
                throw new DateTimeException("bad seconds");
            }
            second = number(s, 17, 19);
            if (s.length() > 19) {
                if (s.charAt(19) != '.' || s.length() == 20) {
                    throw new DateTimeException("bad fraction");
                }
                number(s, 20, s.length());
                String fraction = (s.substring(20) + "00").substring(0, 3);
                millis = Integer.parseInt(fraction);
            }
        }
        return LocalTime.of(hour, minute, second, millis * 1_000_000);
    }

    /** The decimal number in {@code s[from, to)}, digits only (fractions may be long: digits are checked, value capped). */
    private static int number(String s, int from, int to) {
        if (from >= to || to > s.length()) {
            throw new DateTimeException("missing digits");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit");
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000_000);
        }
        return value;
    }
}
