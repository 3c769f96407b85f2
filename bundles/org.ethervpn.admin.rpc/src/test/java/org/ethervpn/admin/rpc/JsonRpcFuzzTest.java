package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target: JSON-RPC request bodies ({@code POST /api/}) into every method of the real server.
 * Input: byte 0 picks the method (it replaces the request's {@code method} when the body is a JSON
 * object; 255 keeps the body's own), the rest is the body. Contract: one JSON-RPC answer object with
 * a {@code result} or an {@code error} (a JSON parse error is error 38), never error 23 (a method met
 * an exception it did not expect) and no error logged.
 */
class JsonRpcFuzzTest {
    static FuzzedAdmin admin;
    static JsonRpc json;

    @BeforeAll
    static void start() throws Exception {
        admin = FuzzedAdmin.start();
        json = new JsonRpc(admin.dispatcher);
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void request(byte[] input) throws JsonException {
        if (input.length < 1) {
            return;
        }
        String body = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        if (input[0] != -1) {
            try {
                if (JsonReader.parse(body, JsonLimits.SOFTETHER) instanceof JsonObject o) {
                    LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>(o.members());
                    members.put("method", new JsonString(admin.methods.get((input[0] & 0xff) % admin.methods.size())));
                    body = JsonWriter.write(new JsonObject(members), false);
                }
            } catch (JsonException malformed) {
                // sent as it is: the answer must be a parse error
            }
        }
        String answer = json.handle(body, AdminCaller.serverAdmin("127.0.0.1"));
        JsonObject reply = (JsonObject) JsonReader.parse(answer, JsonLimits.STANDARD);
        assertTrue(reply.get("result") instanceof JsonObject ^ reply.get("error") instanceof JsonObject, answer);
        if (reply.get("error") instanceof JsonObject error) {
            assertTrue(error.get("code") instanceof JsonNumber n && !n.text().equals(String.valueOf(AdminError.INTERNAL_ERROR.code())), answer);
        }
        admin.assertNoErrorLogged();
    }
}
