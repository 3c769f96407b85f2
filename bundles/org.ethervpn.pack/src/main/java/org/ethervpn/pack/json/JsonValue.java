package org.ethervpn.pack.json;

/** A JSON value. */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBool, JsonNull {
}
