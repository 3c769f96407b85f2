package org.ethervpn.pack.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/** A JSON object: members in their order, names unique (immutable). */
public record JsonObject(SequencedMap<String, JsonValue> members) implements JsonValue {
    public static final JsonObject EMPTY = new JsonObject(new LinkedHashMap<>());

    public JsonObject {
        LinkedHashMap<String, JsonValue> copy = LinkedHashMap.newLinkedHashMap(members.size());
        for (Map.Entry<String, JsonValue> m : members.entrySet()) {
            copy.put(Objects.requireNonNull(m.getKey(), "member name"), Objects.requireNonNull(m.getValue(), "member value"));
        }
        members = Collections.unmodifiableSequencedMap(copy);
    }

    /** The member with exactly this name, or {@code null}. */
    public JsonValue get(String name) {
        return members.get(name);
    }

    public int size() {
        return members.size();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return JsonWriter.write(this);
    }

    /** Collects members in order; a repeated name is refused. */
    public static final class Builder {
        private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

        private Builder() {
        }

        /** @throws IllegalArgumentException if the name is already there */
        public Builder put(String name, JsonValue value) {
            Objects.requireNonNull(value, "value");
            if (members.putIfAbsent(Objects.requireNonNull(name, "name"), value) != null) {
                throw new IllegalArgumentException("JSON member '" + name + "' appears twice");
            }
            return this;
        }

        public boolean contains(String name) {
            return members.containsKey(name);
        }

        public JsonObject build() {
            return new JsonObject(members);
        }
    }
}
