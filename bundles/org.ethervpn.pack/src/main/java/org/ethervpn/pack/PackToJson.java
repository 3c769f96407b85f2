package org.ethervpn.pack;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

import org.ethervpn.pack.internal.IpText;
import org.ethervpn.pack.internal.Names;
import org.ethervpn.pack.internal.TimeText;
import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;

/** PACK to JSON (admin spec §4.4, server side); see {@link PackJson#toJsonObject}. */
final class PackToJson {
    private static final String[] HELPER_SUFFIXES = {Pack.IPV6_BOOL, Pack.IPV6_ARRAY, Pack.IPV6_SCOPE_ID};

    private final Pack pack;

    private PackToJson(Pack pack) {
        this.pack = pack;
    }

    static JsonObject convert(Pack pack) {
        return new PackToJson(pack).convert();
    }

    private JsonObject convert() {
        JsonObject.Builder out = JsonObject.builder();
        SequencedSet<String> groups = new LinkedHashSet<>(pack.jsonGroups());
        List<PackElement> ungrouped = new ArrayList<>();
        for (PackElement e : pack.elements()) {
            if (e.jsonGroup() != null) {
                groups.add(e.jsonGroup());
            } else if (!isIpHelper(e)) {
                ungrouped.add(e);
            }
        }
        // lists first, then the other members in PACK order
        for (String group : groups) {
            List<PackElement> members = pack.elements().stream()
                    .filter(e -> group.equals(e.jsonGroup()) && !isIpHelper(e))
                    .toList();
            int rows = members.stream().mapToInt(PackElement::valueCount).max().orElse(0);
            List<JsonValue> objects = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                JsonObject.Builder row = JsonObject.builder();
                for (PackElement e : members) {
                    if (i < e.valueCount()) {
                        row.put(e.name() + suffix(e), scalar(e, i));
                    }
                }
                objects.add(row.build());
            }
            out.put(group, new JsonArray(objects));
        }
        for (PackElement e : ungrouped) {
            JsonValue v;
            if (e.isJsonArray()) {
                List<JsonValue> values = new ArrayList<>(e.valueCount());
                for (int i = 0; i < e.valueCount(); i++) {
                    values.add(scalar(e, i));
                }
                v = new JsonArray(values);
            } else {
                v = scalar(e, 0);
            }
            out.put(e.name() + suffix(e), v);
        }
        return out.build();
    }

    private String suffix(PackElement e) {
        return switch (e.type()) {
            case INT -> e.jsonHint() == JsonHint.BOOL ? "_bool" : isIp(e) ? "_ip" : "_u32";
            case INT64 -> e.jsonHint() == JsonHint.TIME ? "_dt" : "_u64";
            case DATA -> "_bin";
            case STR -> "_str";
            case UNISTR -> "_utf";
        };
    }

    private JsonValue scalar(PackElement e, int i) {
        return switch (e.type()) {
            case INT -> e.jsonHint() == JsonHint.BOOL ? JsonBool.of(e.intValue(i) != 0)
                    : isIp(e) ? new JsonString(IpText.format(pack.getIp(e.name(), i)))
                    : JsonNumber.ofUnsigned(Integer.toUnsignedLong(e.intValue(i)));
            case INT64 -> e.jsonHint() == JsonHint.TIME ? new JsonString(TimeText.format(e.int64Value(i)))
                    : JsonNumber.ofUnsigned(e.int64Value(i));
            case DATA -> new JsonString(Base64.getEncoder().encodeToString(e.bytes(i)));
            case STR, UNISTR -> new JsonString(e.stringValue(i));
        };
    }

    /** An INT written as an address, or (after decoding, where hints are lost) one with its helpers. */
    private boolean isIp(PackElement e) {
        return e.type() == ValueType.INT && (e.jsonHint() == JsonHint.IP
                || pack.find(e.name() + Pack.IPV6_BOOL, ValueType.INT) != null
                        && pack.find(e.name() + Pack.IPV6_ARRAY, ValueType.DATA) != null);
    }

    /** A {@code name@ipv6_*} element next to an INT {@code name}: folded into {@code name_ip}, never shown. */
    private boolean isIpHelper(PackElement e) {
        String lower = Names.foldAscii(e.name());
        for (String s : HELPER_SUFFIXES) {
            if (lower.endsWith(s)) {
                return pack.find(e.name().substring(0, e.name().length() - s.length()), ValueType.INT) != null;
            }
        }
        return false;
    }
}
