package org.ethervpn.pack.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    /** The reply body of admin spec §10.7, sent with Content-Length: 178. */
    static final String TEST_REPLY = """
            {
                "result": {
                    "Int64Value_u64": 0,
                    "IntValue_u32": 3,
                    "StrValue_str": "3",
                    "UniStrValue_utf": ""
                },
                "jsonrpc": "2.0",
                "id": "x1"
            }""";

    @Test
    void prettyMatchesSoftEtherByteForByte() throws JsonException {
        JsonObject result = JsonObject.builder()
                .put("Int64Value_u64", JsonNumber.ofUnsigned(0))
                .put("IntValue_u32", JsonNumber.of(3))
                .put("StrValue_str", new JsonString("3"))
                .put("UniStrValue_utf", new JsonString(""))
                .build();
        JsonObject reply = JsonObject.builder().put("result", result).put("jsonrpc", new JsonString("2.0"))
                .put("id", new JsonString("x1")).build();
        byte[] body = JsonWriter.writeUtf8(reply, true);
        assertEquals(178, body.length);
        assertEquals(TEST_REPLY, new String(body, StandardCharsets.UTF_8));
        assertEquals(reply, JsonReader.parse(TEST_REPLY));
    }

    @Test
    void prettyNestedAndEmpty() {
        JsonObject o = JsonObject.builder()
                .put("HubList", new JsonArray(List.of(JsonObject.builder().put("a", JsonBool.TRUE).build(), JsonObject.EMPTY)))
                .put("Empty", JsonArray.EMPTY)
                .put("n", JsonNull.INSTANCE)
                .build();
        assertEquals("""
                {
                    "HubList": [
                        {
                            "a": true
                        },
                        {}
                    ],
                    "Empty": [],
                    "n": null
                }""", JsonWriter.write(o, true));
        assertEquals("{\"HubList\":[{\"a\":true},{}],\"Empty\":[],\"n\":null}", JsonWriter.write(o));
    }

    @Test
    void escaping() throws JsonException {
        String tricky = "q\" b\\ / \n\r\t\b\f \u0001 \u001f é 😀 \uD800 end";
        String text = JsonWriter.write(new JsonString(tricky));
        assertEquals("\"q\\\" b\\\\ / \\n\\r\\t\\b\\f \\u0001 \\u001f é 😀 \\ud800 end\"", text);
        // a lone surrogate is written escaped; this reader refuses it, so compare the rest
        assertEquals(new JsonString("é 😀"), JsonReader.parse(JsonWriter.write(new JsonString("é 😀"))));
    }

    @Test
    void builderRefusesDuplicates() {
        JsonObject.Builder b = JsonObject.builder().put("a", JsonBool.TRUE);
        assertThrows(IllegalArgumentException.class, () -> b.put("a", JsonBool.FALSE));
    }
}
