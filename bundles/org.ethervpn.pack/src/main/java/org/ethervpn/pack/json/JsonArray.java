package org.ethervpn.pack.json;

import java.util.List;

/** A JSON array (immutable; use {@link JsonNull#INSTANCE} for null items). */
public record JsonArray(List<JsonValue> values) implements JsonValue {
    public static final JsonArray EMPTY = new JsonArray(List.of());

    public JsonArray {
        values = List.copyOf(values);
    }

    public int size() {
        return values.size();
    }

    public JsonValue get(int index) {
        return values.get(index);
    }

    @Override
    public String toString() {
        return JsonWriter.write(this);
    }
}
