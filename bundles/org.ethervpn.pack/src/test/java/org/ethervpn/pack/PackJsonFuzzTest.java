package org.ethervpn.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer target: the JSON text a JSON-RPC client sends, and its params mapped to a PACK. Contract:
 * a value or a {@link JsonException}, nothing else; what is read writes back to the same value. A
 * plain build replays {@code PackJsonFuzzTestInputs/json/}; {@code releng/fuzz.sh} fuzzes.
 */
class PackJsonFuzzTest {
    private static final PackLimits LIMITS = PackLimits.HTTP_REQUEST;
    private static final JsonLimits JSON_LIMITS = JsonLimits.SOFTETHER.withMaxLength(1 << 16);

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void json(byte[] input) {
        JsonValue value;
        try {
            value = JsonReader.parse(input, JSON_LIMITS);
        } catch (JsonException e) {
            assertTrue(e.offset() >= -1 && e.offset() <= input.length, e.getMessage());
            return;
        }
        // the writer's text reads back to the same value
        String text = JsonWriter.write(value, false);
        try {
            assertEquals(value, JsonReader.parse(text, JsonLimits.SOFTETHER));
        } catch (JsonException e) {
            throw new AssertionError("written JSON does not read back: " + text, e);
        }
        if (!(value instanceof JsonObject params)) {
            return;
        }
        // a JSON-RPC request's params become a PACK under the limits, or a JsonException says why
        Pack pack;
        try {
            pack = PackJson.fromJsonObject(params, LIMITS);
        } catch (JsonException expected) {
            return;
        }
        byte[] bytes = PackCodec.encode(pack);
        try {
            assertArrayEquals(bytes, PackCodec.encode(PackCodec.decode(bytes, PackLimits.SOFTETHER)));
        } catch (PackException e) {
            throw new AssertionError("a PACK made from JSON does not decode", e);
        }
        PackJson.toJson(pack);
    }
}
