package org.ethervpn.pack;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ethervpn.pack.internal.IpText;
import org.ethervpn.pack.internal.Names;
import org.ethervpn.pack.internal.TimeText;
import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonNull;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;

/** JSON to PACK (admin spec §4.4, request side); see {@link PackJson#fromJsonObject}. */
final class JsonToPack {
    /** The type suffixes of member names, matched ignoring case. */
    enum Suffix {
        U32(ValueType.INT, JsonHint.NONE),
        BOOL(ValueType.INT, JsonHint.BOOL),
        IP(ValueType.INT, JsonHint.IP),
        U64(ValueType.INT64, JsonHint.NONE),
        DT(ValueType.INT64, JsonHint.TIME),
        STR(ValueType.STR, JsonHint.NONE),
        UTF(ValueType.UNISTR, JsonHint.NONE),
        BIN(ValueType.DATA, JsonHint.NONE);

        final ValueType type;
        final JsonHint hint;
        final String text = "_" + name().toLowerCase(Locale.ROOT);

        Suffix(ValueType type, JsonHint hint) {
            this.type = type;
            this.hint = hint;
        }

        static Suffix of(String member) {
            int underscore = member.lastIndexOf('_');
            if (underscore < 0) {
                return null;
            }
            String s = Names.foldAscii(member.substring(underscore));
            for (Suffix x : values()) {
                if (x.text.equals(s)) {
                    return x;
                }
            }
            return null;
        }
    }

    /** The element(s) one JSON member fills: one, or the four of an address. */
    private record Target(Suffix suffix, PackElement main, PackElement v6Bool, PackElement v6Array, PackElement v6Scope) {
    }

    private final PackLimits limits;
    private final Pack pack = new Pack();

    private JsonToPack(PackLimits limits) {
        this.limits = limits;
    }

    static Pack convert(JsonObject params, PackLimits limits) throws JsonException {
        return new JsonToPack(limits).convert(params);
    }

    private Pack convert(JsonObject params) throws JsonException {
        for (Map.Entry<String, JsonValue> m : params.members().entrySet()) {
            String member = m.getKey();
            JsonValue v = m.getValue();
            if (v instanceof JsonArray a && a.size() > 0 && a.get(0) instanceof JsonObject) {
                group(member, a);
                continue;
            }
            Suffix suffix = Suffix.of(member);
            if (suffix == null || v == JsonNull.INSTANCE) {
                continue; // SoftEther silently ignores members without a known type suffix
            }
            String where = "JSON member \"" + member + "\"";
            String name = member.substring(0, member.length() - suffix.text.length());
            switch (v) {
                case JsonObject o -> throw new JsonException(where + ": an object is only allowed as an item of a list");
                case JsonArray a -> {
                    if (a.size() == 0) {
                        continue;
                    }
                    Target t = create(where, name, suffix, a.size(), null, true);
                    for (int i = 0; i < a.size(); i++) {
                        JsonValue item = a.get(i);
                        if (!isScalar(item)) {
                            throw new JsonException(where + ", item #" + i + ": expected a string, number or boolean");
                        }
                        set(where + ", item #" + i, t, i, item);
                    }
                }
                default -> set(where, create(where, name, suffix, 1, null, false), 0, v);
            }
        }
        return pack;
    }

    /** A list of objects: parallel arrays, object i giving value i of each (missing ones stay 0/empty). */
    private void group(String group, JsonArray items) throws JsonException {
        int n = items.size();
        pack.declareJsonGroup(group);
        Map<String, Target> targets = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String itemWhere = "JSON list \"" + group + "\", item #" + i;
            if (!(items.get(i) instanceof JsonObject item)) {
                throw new JsonException(itemWhere + ": expected an object like the first item");
            }
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, JsonValue> m : item.members().entrySet()) {
                String member = m.getKey();
                JsonValue v = m.getValue();
                Suffix suffix = Suffix.of(member);
                if (suffix == null || v == JsonNull.INSTANCE) {
                    continue;
                }
                String where = itemWhere + ", member \"" + member + "\"";
                if (!isScalar(v)) {
                    throw new JsonException(where + ": expected a string, number or boolean");
                }
                String name = member.substring(0, member.length() - suffix.text.length());
                String key = Names.key(name);
                if (!seen.add(key)) {
                    throw new JsonException(where + ": another member of this item names the same element (names ignore case)");
                }
                Target t = targets.get(key);
                if (t == null) {
                    t = create(where, name, suffix, n, group, false);
                    targets.put(key, t);
                } else if (t.suffix() != suffix) {
                    throw new JsonException(where + ": earlier items gave this element the suffix " + t.suffix().text);
                }
                set(where, t, i, v);
            }
        }
    }

    private Target create(String where, String name, Suffix suffix, int n, String group, boolean array) throws JsonException {
        if (n > limits.maxValuesPerElement()) {
            throw new JsonException(where + ": " + n + " values, more than the limit of " + limits.maxValuesPerElement());
        }
        try {
            if (suffix != Suffix.IP) {
                return new Target(suffix, element(name, suffix.type, n, suffix.hint, group, array), null, null, null);
            }
            String[] names = Pack.ipNames(name);
            for (String s : names) {
                Names.encode(s);
                if (pack.contains(s)) {
                    throw new IllegalArgumentException("element '" + s + "' already exists (names ignore case)");
                }
            }
            PackElement v6Bool = element(names[0], ValueType.INT, n, JsonHint.NONE, group, array);
            PackElement v6Array = element(names[1], ValueType.DATA, n, JsonHint.NONE, group, array);
            for (int i = 0; i < n; i++) {
                v6Array.setBlob(i, new byte[16]);
            }
            PackElement v6Scope = element(names[2], ValueType.INT, n, JsonHint.NONE, group, array);
            return new Target(suffix, element(names[3], ValueType.INT, n, JsonHint.IP, group, array), v6Bool, v6Array, v6Scope);
        } catch (IllegalArgumentException e) {
            throw new JsonException(where + ": " + e.getMessage());
        }
    }

    private PackElement element(String name, ValueType type, int n, JsonHint hint, String group, boolean array) {
        if (pack.size() >= limits.maxElements()) {
            throw new IllegalArgumentException("more than " + limits.maxElements() + " elements");
        }
        PackElement e = pack.create(name, type, n);
        e.fillDefaults(n);
        e.jsonHint(hint);
        e.jsonGroup(group);
        if (array) {
            e.markJsonArray();
        }
        return e;
    }

    private void set(String where, Target t, int i, JsonValue v) throws JsonException {
        PackElement e = t.main();
        switch (t.suffix()) {
            case U32 -> e.setInt(i, (int) unsigned(where, v));
            case BOOL -> e.setInt(i, bool(v) ? 1 : 0);
            case U64 -> e.setLong(i, unsigned(where, v));
            case DT -> e.setLong(i, time(where, v));
            case STR -> e.setBlob(i, sized(where, text(where, v).getBytes(StandardCharsets.UTF_8)));
            case UTF -> {
                String s = text(where, v);
                if (s.indexOf('\0') >= 0) {
                    throw new JsonException(where + ": a UNISTR cannot contain U+0000");
                }
                e.setBlob(i, sized(where, s.getBytes(StandardCharsets.UTF_8)));
            }
            case BIN -> e.setBlob(i, sized(where, base64(where, v)));
            case IP -> {
                InetAddress a = address(where, v);
                boolean v6 = a instanceof Inet6Address;
                t.v6Bool().setInt(i, v6 ? 1 : 0);
                if (v6) {
                    t.v6Array().setBlob(i, a.getAddress());
                    t.v6Scope().setInt(i, ((Inet6Address) a).getScopeId());
                } else {
                    e.setInt(i, IpText.reversedInt(a.getAddress()));
                }
            }
        }
    }

    private static boolean isScalar(JsonValue v) {
        return v instanceof JsonString || v instanceof JsonNumber || v instanceof JsonBool;
    }

    /** Numbers as they are; strings by their leading decimal digits (wrapping, like C); booleans as 1/0. */
    private static long unsigned(String where, JsonValue v) throws JsonException {
        return switch (v) {
            case JsonNumber n when n.isUnsignedInteger() -> n.unsignedValue();
            case JsonNumber n -> throw new JsonException(where + ": " + n.text() + " is not an integer from 0 to 18446744073709551615");
            case JsonString s -> leadingDigits(s.value());
            case JsonBool b -> b.value() ? 1 : 0;
            default -> throw new JsonException(where + ": expected a number");
        };
    }

    /** true/false; numbers: non-zero; strings: "true", "yes", "on" (any case) or a non-zero number. */
    private static boolean bool(JsonValue v) {
        return switch (v) {
            case JsonBool b -> b.value();
            case JsonNumber n -> !n.isZero();
            case JsonString s -> {
                String t = s.value().strip();
                yield t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("on")
                        || leadingDigits(t) != 0;
            }
            default -> false;
        };
    }

    private static String text(String where, JsonValue v) throws JsonException {
        return switch (v) {
            case JsonString s -> s.value();
            case JsonNumber n -> n.text();
            case JsonBool b -> Boolean.toString(b.value());
            default -> throw new JsonException(where + ": expected a string");
        };
    }

    /** A raw INT64 number, an all-digit string, or a date-time text; "" is 0 ("never"). */
    private static long time(String where, JsonValue v) throws JsonException {
        if (v instanceof JsonString s) {
            String t = s.value().strip();
            if (t.isEmpty()) {
                return 0;
            }
            if (t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return leadingDigits(t);
            }
            try {
                return TimeText.parse(t);
            } catch (IllegalArgumentException e) {
                throw new JsonException(where + ": " + e.getMessage());
            }
        }
        if (v instanceof JsonNumber) {
            return unsigned(where, v);
        }
        throw new JsonException(where + ": expected a date-time string or a number");
    }

    private static byte[] base64(String where, JsonValue v) throws JsonException {
        if (!(v instanceof JsonString s)) {
            throw new JsonException(where + ": expected a base64 string");
        }
        try {
            return Base64.getDecoder().decode(s.value().replaceAll("[ \t\r\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new JsonException(where + ": not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static InetAddress address(String where, JsonValue v) throws JsonException {
        if (!(v instanceof JsonString s)) {
            throw new JsonException(where + ": expected an IP address string");
        }
        String t = s.value().strip();
        try {
            return t.isEmpty() ? IpText.v4(new byte[4]) : IpText.parse(t);
        } catch (IllegalArgumentException e) {
            throw new JsonException(where + ": " + e.getMessage());
        }
    }

    private byte[] sized(String where, byte[] bytes) throws JsonException {
        if (bytes.length > limits.maxValueSize()) {
            throw new JsonException(where + ": " + bytes.length + " bytes, more than the limit of " + limits.maxValueSize());
        }
        return bytes;
    }

    /** The value of the decimal digits at the start (after blanks), modulo 2^64; 0 if there are none. */
    private static long leadingDigits(String s) {
        String t = s.strip();
        long v = 0;
        for (int i = 0; i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        return v;
    }
}
