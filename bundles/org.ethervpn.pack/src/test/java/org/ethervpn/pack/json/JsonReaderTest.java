package org.ethervpn.pack.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonReaderTest {
    private static JsonException fails(String text) {
        return assertThrows(JsonException.class, () -> JsonReader.parse(text));
    }

    private static void assertMentions(JsonException e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void parsesAJsonRpcRequest() throws JsonException {
        JsonObject o = (JsonObject) JsonReader.parse("""
                {"jsonrpc": "2.0", "id": "any string", "method": "CreateHub",
                 "params": {"HubName_str": "H1", "AdminPasswordPlainText_str": "pw",
                            "Online_bool": true, "HubType_u32": 0, "x": null, "l": [1, [], {}]}}""");
        assertEquals(List.of("jsonrpc", "id", "method", "params"), List.copyOf(o.members().keySet()));
        JsonObject params = (JsonObject) o.get("params");
        assertEquals(new JsonString("H1"), params.get("HubName_str"));
        assertEquals(JsonBool.TRUE, params.get("Online_bool"));
        assertEquals(0, ((JsonNumber) params.get("HubType_u32")).unsignedValue());
        assertEquals(JsonNull.INSTANCE, params.get("x"));
        assertEquals(new JsonArray(List.of(new JsonNumber("1"), JsonArray.EMPTY, JsonObject.EMPTY)), params.get("l"));
    }

    @Test
    void stringEscapes() throws JsonException {
        JsonValue v = JsonReader.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 é\"");
        assertEquals(new JsonString("a\"b\\c/d\b\f\n\r\té\uD83D\uDE00 é"), v);
    }

    @Test
    void softEtherNumbersAreUnsignedIntegers() throws JsonException {
        assertMentions(fails("{\"IntValue_u32\":-1}"), "negative numbers are not accepted");
        assertMentions(fails("{\"IntValue_u32\":1.5}"), "only integers");
        assertMentions(fails("[1e3]"), "only integers");
        assertMentions(fails("18446744073709551616"), "larger than 18446744073709551615");
        assertEquals(-1L, ((JsonNumber) JsonReader.parse("18446744073709551615")).unsignedValue());
        assertEquals(new JsonNumber("-1.5e3"), JsonReader.parse("-1.5e3", JsonLimits.STANDARD));
        assertEquals(new JsonNumber("123456789012345678901234567890"),
                JsonReader.parse("123456789012345678901234567890", JsonLimits.STANDARD));
    }

    @Test
    void strictSyntax() {
        for (String bad : new String[] {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "1 2",
                "tru", "nul", "\"a", "\"\\x\"", "\"\\u12g4\"", "\"\t\"", "[1 2]", "{\"a\" 1}", "{\"a\":}",
                "// c\n1", "NaN", "-", "\"\\ud800\"", "\"\\udc00x\"", "{\"a\":1}x", "+1", "\u00a01"}) {
            assertThrows(JsonException.class, () -> JsonReader.parse(bad, JsonLimits.STANDARD), bad);
        }
    }

    @Test
    void duplicateMembersAreRefused() {
        JsonException e = fails("{\"a\":1,\n \"a\":2}");
        assertMentions(e, "\"a\" appears twice");
        assertMentions(e, "line 2, column 2");
        assertEquals(9, e.offset());
    }

    @Test
    void errorsSayWhere() {
        JsonException e = fails("{\"a\": [1, 2,, 3]}");
        assertEquals(12, e.offset());
        assertMentions(e, "line 1, column 13");
        assertMentions(e, "unexpected ','");
    }

    @Test
    void depthAndLengthLimits() throws JsonException {
        JsonLimits limits = JsonLimits.SOFTETHER.withMaxDepth(3);
        JsonReader.parse("[[[1]]]", limits);
        assertMentions(assertThrows(JsonException.class, () -> JsonReader.parse("[[[[1]]]]", limits)), "deeper than 3");
        assertMentions(assertThrows(JsonException.class, () -> JsonReader.parse("[".repeat(100_000))), "deeper than 64");
        assertMentions(assertThrows(JsonException.class, () -> JsonReader.parse("[1]", JsonLimits.SOFTETHER.withMaxLength(2))),
                "exceeds the limit");
        assertThrows(IllegalArgumentException.class, () -> JsonLimits.SOFTETHER.withMaxDepth(1001));
    }

    @Test
    void utf8Input() throws JsonException {
        byte[] bytes = "\uFEFF{\"k\":\"テスト\"}".getBytes(StandardCharsets.UTF_8);
        JsonObject o = (JsonObject) JsonReader.parse(bytes, JsonLimits.SOFTETHER);
        assertEquals(new JsonString("テスト"), o.get("k"));
        byte[] bad = {'"', (byte) 0xc3, '"'};
        assertTrue(assertThrows(JsonException.class, () -> JsonReader.parse(bad, JsonLimits.SOFTETHER)).getMessage().contains("UTF-8"));
    }

    @Test
    void numberModel() {
        assertTrue(new JsonNumber("0").isUnsignedInteger());
        assertFalse(new JsonNumber("-0").isUnsignedInteger());
        assertFalse(new JsonNumber("1.0").isUnsignedInteger());
        assertTrue(new JsonNumber("0.000e5").isZero());
        assertFalse(new JsonNumber("1e-999999999999").isZero());
        assertThrows(IllegalArgumentException.class, () -> new JsonNumber("01"));
        assertThrows(ArithmeticException.class, () -> new JsonNumber("-1").unsignedValue());
        assertEquals("18446744073709551615", JsonNumber.ofUnsigned(-1).text());
        assertInstanceOf(JsonValue.class, JsonNull.INSTANCE);
    }
}
