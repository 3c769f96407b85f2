package org.ethervpn.pack;

import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;

/**
 * The JSON-RPC form of a PACK (admin spec §4.4): each member is the element name plus a type
 * suffix, {@code _u32 _bool _ip _u64 _dt _str _utf _bin}.
 *
 * <p>PACK to JSON: the suffix comes from the type and the element's {@link JsonHint}; an address
 * becomes one {@code name_ip} string (its {@code @ipv6_*} helpers are not shown; a decoded PACK's
 * INT is shown as an address when its helpers are there); several values, or an element built by
 * appending, make an array; JSON groups ({@link Pack#beginJsonGroup}) become arrays of objects and
 * come first, then the other members in PACK order. Times show true UTC ({@link SoftEtherTime}).
 *
 * <p>JSON to PACK, as SoftEther reads requests: suffixes match ignoring case; members without a
 * known suffix, and nulls, are ignored; an array of scalars is one element with several values; an
 * array of objects is a set of parallel arrays (the list name is not an element). Lenient
 * conversions: numbers may come as strings (their leading digits), booleans as numbers or strings
 * ("true", "yes", "on", non-zero); {@code _str}/{@code _utf} accept numbers and booleans;
 * {@code _u32} wraps modulo 2^32; {@code _dt} takes a date-time text or a raw number. Errors (bad
 * base64, bad address or date, an element named twice, limits) are {@link JsonException}s.
 */
public final class PackJson {
    private PackJson() {
    }

    /** The PACK as a JSON object (the {@code result} of a JSON-RPC reply). */
    public static JsonObject toJsonObject(Pack pack) {
        return PackToJson.convert(pack);
    }

    /** Compact JSON text of the PACK. */
    public static String toJson(Pack pack) {
        return toJson(pack, false);
    }

    /** JSON text of the PACK, pretty in SoftEther's 4-space layout if asked. */
    public static String toJson(Pack pack, boolean pretty) {
        return JsonWriter.write(toJsonObject(pack), pretty);
    }

    /** The PACK of a JSON object (the {@code params} of a JSON-RPC request), under {@link PackLimits#DEFAULT}. */
    public static Pack fromJsonObject(JsonObject params) throws JsonException {
        return fromJsonObject(params, PackLimits.DEFAULT);
    }

    public static Pack fromJsonObject(JsonObject params, PackLimits limits) throws JsonException {
        return JsonToPack.convert(params, limits);
    }

    /** Parses JSON text ({@link JsonLimits#SOFTETHER}) that must be an object, and maps it to a PACK. */
    public static Pack fromJson(String json) throws JsonException {
        JsonValue v = JsonReader.parse(json, JsonLimits.SOFTETHER);
        if (!(v instanceof JsonObject o)) {
            throw new JsonException("expected a JSON object, not " + switch (v) {
                case JsonArray a -> "an array";
                case JsonString s -> "a string";
                case JsonNumber n -> "a number";
                case JsonBool b -> "a boolean";
                default -> "null";
            });
        }
        return fromJsonObject(o, PackLimits.DEFAULT);
    }
}
