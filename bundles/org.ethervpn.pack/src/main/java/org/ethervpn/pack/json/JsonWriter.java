package org.ethervpn.pack.json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON text: compact, or pretty in SoftEther's layout (4-space indent, {@code "name": value},
 * one member or item per line, {@code []}/{@code {}} when empty, no final newline). Non-ASCII text
 * is written as is; only quotes, backslashes, control characters and lone surrogates are escaped.
 */
public final class JsonWriter {
    private static final String INDENT = "    ";

    private JsonWriter() {
    }

    /** Compact text. */
    public static String write(JsonValue value) {
        return write(value, false);
    }

    public static String write(JsonValue value, boolean pretty) {
        StringBuilder sb = new StringBuilder(256);
        write(value, pretty, sb);
        return sb.toString();
    }

    public static void write(JsonValue value, boolean pretty, StringBuilder out) {
        append(value, pretty, 0, out);
    }

    /** The text as UTF-8 bytes. */
    public static byte[] writeUtf8(JsonValue value, boolean pretty) {
        return write(value, pretty).getBytes(StandardCharsets.UTF_8);
    }

    private static void append(JsonValue value, boolean pretty, int level, StringBuilder out) {
        switch (value) {
            case JsonObject o -> {
                if (o.size() == 0) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                Iterator<Map.Entry<String, JsonValue>> it = o.members().entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonValue> m = it.next();
                    newline(pretty, level + 1, out);
                    string(m.getKey(), out);
                    out.append(pretty ? ": " : ":");
                    append(m.getValue(), pretty, level + 1, out);
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                newline(pretty, level, out);
                out.append('}');
            }
            case JsonArray a -> {
                if (a.size() == 0) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                for (int i = 0; i < a.size(); i++) {
                    newline(pretty, level + 1, out);
                    append(a.get(i), pretty, level + 1, out);
                    if (i + 1 < a.size()) {
                        out.append(',');
                    }
                }
                newline(pretty, level, out);
                out.append(']');
            }
            case JsonString s -> string(s.value(), out);
            case JsonNumber n -> out.append(n.text());
            case JsonBool b -> out.append(b.value());
            case JsonNull n -> out.append("null");
        }
    }

    private static void newline(boolean pretty, int level, StringBuilder out) {
        if (pretty) {
            out.append('\n');
            out.repeat(INDENT, level);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
