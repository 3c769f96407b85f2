package org.ethervpn.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonNull;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;

/**
 * Typed reading of JSON configuration members with messages that name the JSON path of a bad
 * value ({@code hubs[1].users[0].name: must be a string}). {@code at} is the path of the object
 * read from ("" for the root). A member that is absent or null takes the {@code absent} value.
 */
public final class JsonMembers {
    private JsonMembers() {
    }

    public static <T> T construct(String at, Supplier<T> make) throws ConfigException {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException((at.isEmpty() ? "" : at + ": ") + e.getMessage(), e);
        }
    }

    public static boolean present(JsonValue v) {
        return v != null && v != JsonNull.INSTANCE;
    }

    public static String path(String at, String member) {
        return at.isEmpty() ? member : at + "." + member;
    }

    public static JsonObject object(JsonValue v, String at) throws ConfigException {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new ConfigException(at + ": must be an object");
    }

    /** The array, or null if absent. */
    public static JsonArray array(JsonObject o, String at, String member) throws ConfigException {
        JsonValue v = o.get(member);
        if (!present(v)) {
            return null;
        }
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new ConfigException(path(at, member) + ": must be an array");
    }

    public static String requiredString(JsonObject o, String at, String member) throws ConfigException {
        if (!present(o.get(member))) {
            throw new ConfigException(path(at, member) + ": missing");
        }
        return string(o, at, member, null);
    }

    public static String string(JsonObject o, String at, String member, String absent) throws ConfigException {
        JsonValue v = o.get(member);
        if (!present(v)) {
            return absent;
        }
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw new ConfigException(path(at, member) + ": must be a string");
    }

    public static boolean bool(JsonObject o, String at, String member, boolean absent) throws ConfigException {
        JsonValue v = o.get(member);
        if (!present(v)) {
            return absent;
        }
        if (v instanceof JsonBool b) {
            return b.value();
        }
        throw new ConfigException(path(at, member) + ": must be true or false");
    }

    /** An integer from min to max; {@code absent} < min means the member is required. */
    public static long integer(JsonObject o, String at, String member, long min, long max, long absent)
            throws ConfigException {
        JsonValue v = o.get(member);
        if (!present(v)) {
            if (absent < min) {
                throw new ConfigException(path(at, member) + ": missing");
            }
            return absent;
        }
        String range = "must be an integer from " + min + " to " + max;
        if (!(v instanceof JsonNumber n) || !n.text().matches("-?[0-9]+")) {
            throw new ConfigException(path(at, member) + ": " + range);
        }
        long x;
        try {
            x = Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw new ConfigException(path(at, member) + ": " + range + ", is " + n.text());
        }
        if (x < min || x > max) {
            throw new ConfigException(path(at, member) + ": " + range + ", is " + x);
        }
        return x;
    }

    public static Instant instant(JsonObject o, String at, String member) throws ConfigException {
        String s = string(o, at, member, null);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ConfigException(path(at, member) + ": must be an ISO-8601 instant such as 2026-01-31T12:00:00Z,"
                    + " is \"" + s + "\"");
        }
    }

    public static String kind(JsonValue v) {
        return switch (v) {
            case JsonObject _ -> "an object";
            case JsonArray _ -> "an array";
            case JsonString _ -> "a string";
            case JsonNumber _ -> "a number";
            case JsonBool _ -> "a boolean";
            case JsonNull _ -> "null";
        };
    }
}
