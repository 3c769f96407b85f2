package org.ethervpn.admin.rpc;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackJson;
import org.ethervpn.pack.PackLimits;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;
import org.ethervpn.protocol.ProtocolError;

/**
 * SoftEther's JSON-RPC (admin spec §4.3, §4.4): one JSON-RPC 2.0 request in, one answer out, the
 * same methods as the binary RPC through the PACK⇄JSON mapping. Errors are JSON-RPC error objects
 * with SoftEther's code and a sentence a person understands.
 */
final class JsonRpc {
    /** Request bodies beyond this are refused before parsing (the server also limits what it reads). */
    static final int MAX_BODY = 8 << 20;
    private static final JsonLimits LIMITS = new JsonLimits(MAX_BODY, 64, true);
    private static final PackLimits PACK_LIMITS = new PackLimits(MAX_BODY, 4096, 65_536, MAX_BODY);

    private final Dispatcher dispatcher;

    JsonRpc(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    String handle(String body, AdminCaller caller) {
        JsonObject request;
        try {
            JsonValue v = JsonReader.parse(body, LIMITS);
            if (!(v instanceof JsonObject o)) {
                return error("0", 38, "Parameter is invalid: JSON-RPC Parse Error (the request is not a JSON object)");
            }
            request = o;
        } catch (JsonException e) {
            return error("0", 38, "Parameter is invalid: JSON-RPC Parse Error (" + e.getMessage() + ")");
        }
        String id = request.get("id") instanceof JsonString s ? s.value() : "0";
        if (!(request.get("jsonrpc") instanceof JsonString v) || !v.value().equals("2.0")) {
            return error("0", 38, "JSON-RPC version is invalid (send \"jsonrpc\": \"2.0\")");
        }
        String method = request.get("method") instanceof JsonString m ? m.value().trim() : "";
        if (method.isEmpty()) {
            return error(id, 38, "JSON-RPC method is empty");
        }
        if (!(request.get("params") instanceof JsonObject params)) {
            return error(id, 38, "JSON-RPC parameter is empty (params must be an object, {} for none)");
        }
        Pack in;
        try {
            in = PackJson.fromJsonObject(params, PACK_LIMITS);
        } catch (JsonException e) {
            return error(id, 38, "Parameter is invalid: " + e.getMessage());
        }
        in.remove("function_name");
        in.addStr("function_name", method);
        Dispatcher.Outcome out = dispatcher.call(in, caller);
        if (out.answer() == null) {
            int code = out.error();
            return error(id, code, "Error code " + code + ": " + ProtocolError.fromCode(code).map(ProtocolError::message)
                    .orElse("Error.") + (out.message() == null ? "" : " " + out.message()));
        }
        return JsonWriter.write(JsonObject.builder()
                .put("result", PackJson.toJsonObject(out.answer()))
                .put("jsonrpc", new JsonString("2.0"))
                .put("id", new JsonString(id))
                .build(), true);
    }

    private static String error(String id, int code, String message) {
        return JsonWriter.write(JsonObject.builder()
                .put("error", JsonObject.builder()
                        .put("code", JsonNumber.of(code))
                        .put("message", new JsonString(message))
                        .build())
                .put("jsonrpc", new JsonString("2.0"))
                .put("id", new JsonString(id))
                .build(), true);
    }
}
