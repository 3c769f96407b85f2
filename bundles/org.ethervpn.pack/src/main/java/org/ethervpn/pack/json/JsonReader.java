package org.ethervpn.pack.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * A strict RFC 8259 parser: one value, optional surrounding whitespace, no comments, no trailing
 * commas, no duplicate member names, no unpaired surrogates. Nesting and length are bounded by
 * {@link JsonLimits}.
 */
public final class JsonReader {
    private final String text;
    private final JsonLimits limits;
    private int pos;
    private int depth;

    private JsonReader(String text, JsonLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    /** Parses with {@link JsonLimits#SOFTETHER}. */
    public static JsonValue parse(String text) throws JsonException {
        return parse(text, JsonLimits.SOFTETHER);
    }

    public static JsonValue parse(String text, JsonLimits limits) throws JsonException {
        if (text.length() > limits.maxLength()) {
            throw new JsonException("JSON text of " + text.length() + " characters exceeds the limit of " + limits.maxLength(), 0);
        }
        JsonReader r = new JsonReader(text, limits);
        r.skipWhitespace();
        JsonValue v = r.value();
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw r.error("unexpected " + r.describe() + " after the JSON value");
        }
        return v;
    }

    /** Parses UTF-8 bytes (a leading byte-order mark is skipped; malformed UTF-8 is an error). */
    public static JsonValue parse(byte[] utf8, JsonLimits limits) throws JsonException {
        if (utf8.length > limits.maxLength()) {
            throw new JsonException("JSON text of " + utf8.length + " bytes exceeds the limit of " + limits.maxLength(), 0);
        }
        int start = utf8.length >= 3 && (utf8[0] & 0xff) == 0xef && (utf8[1] & 0xff) == 0xbb && (utf8[2] & 0xff) == 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8, start, utf8.length - start);
        CharBuffer chars;
        try {
            chars = decoder.decode(in);
        } catch (MalformedInputException e) {
            throw new JsonException("JSON text is not valid UTF-8 (near byte " + in.position() + ")", in.position());
        } catch (CharacterCodingException e) {
            throw new JsonException("JSON text is not valid UTF-8", -1);
        }
        return parse(chars.toString(), limits);
    }

    private JsonValue value() throws JsonException {
        if (pos >= text.length()) {
            throw error("the text ends where a value was expected");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonString(string());
            case 't' -> literal("true", JsonBool.TRUE);
            case 'f' -> literal("false", JsonBool.FALSE);
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield number();
                }
                throw error("unexpected " + describe() + " where a value was expected");
            }
        };
    }

    private JsonObject object() throws JsonException {
        enter();
        pos++;
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes but found " + describe());
            }
            int nameAt = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue v = value();
            if (members.putIfAbsent(name, v) != null) {
                pos = nameAt;
                throw error("member \"" + name + "\" appears twice in the same object");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return new JsonObject(members);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describe());
            }
        }
    }

    private JsonArray array() throws JsonException {
        enter();
        pos++;
        ArrayList<JsonValue> values = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonArray(values);
        }
        while (true) {
            skipWhitespace();
            values.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return new JsonArray(values);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe());
            }
        }
    }

    private String string() throws JsonException {
        int start = ++pos;
        // fast path: no escapes
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = text.substring(start, pos++);
                checkSurrogates(s, start);
                return s;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(text.length() - start < 64 ? 16 : 64).append(text, start, pos);
        while (true) {
            if (pos >= text.length()) {
                throw error("the text ends inside a string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                String s = sb.toString();
                checkSurrogates(s, start);
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " must be escaped in a string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (++pos >= text.length()) {
                throw error("the text ends inside an escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> {
                    pos--;
                    throw error("invalid escape \\" + e);
                }
            }
        }
    }

    private char hex4() throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("the text ends inside a \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos), 16);
            if (d < 0 || text.charAt(pos) > 'f') {
                throw error("invalid hex digit in a \\u escape");
            }
            v = v << 4 | d;
            pos++;
        }
        return (char) v;
    }

    private void checkSurrogates(String s, int start) throws JsonException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                pos = start;
                throw error("string contains an unpaired UTF-16 surrogate U+" + String.format("%04X", (int) c));
            }
        }
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            if (limits.unsignedIntegersOnly()) {
                throw error("negative numbers are not accepted");
            }
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            digits();
        } else {
            throw error("a number needs digits");
        }
        if (peek() == '.' || peek() == 'e' || peek() == 'E') {
            if (limits.unsignedIntegersOnly()) {
                throw error("only integers are accepted (no fraction or exponent)");
            }
            if (peek() == '.') {
                pos++;
                if (!(peek() >= '0' && peek() <= '9')) {
                    throw error("a fraction needs digits");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!(peek() >= '0' && peek() <= '9')) {
                    throw error("an exponent needs digits");
                }
                digits();
            }
        }
        JsonNumber n = new JsonNumber(text.substring(start, pos));
        if (limits.unsignedIntegersOnly() && !n.isUnsignedInteger()) {
            pos = start;
            throw error("number " + n.text() + " is larger than 18446744073709551615");
        }
        return n;
    }

    private void digits() {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private JsonValue literal(String word, JsonValue v) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe() + " where a value was expected");
        }
        pos += word.length();
        return v;
    }

    private void enter() throws JsonException {
        if (++depth > limits.maxDepth()) {
            throw error("nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "' but found " + describe());
        }
        pos++;
    }

    /** The current char, or NUL at the end (never valid where it is tested). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe() {
        if (pos >= text.length()) {
            return "end of text";
        }
        char c = text.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private JsonException error(String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonException("invalid JSON at line " + line + ", column " + (pos - lineStart + 1) + ": " + message, pos);
    }
}
