package org.ethervpn.pack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One named element of a {@link Pack}: a type and one or more values. Read-only to callers; a
 * {@code Pack} changes it through its adders. Values are strict here (wrong type or index throws);
 * the lenient SoftEther-style reads are on {@code Pack}.
 */
public final class PackElement {
    private final String name;
    private final byte[] nameBytes;
    private final String key;
    private final ValueType type;
    private int count;
    private int[] ints;
    private long[] longs;
    /** DATA bytes, or the text bytes of STR/UNISTR (UNISTR without its wire NUL). */
    private byte[][] blobs;
    private JsonHint hint = JsonHint.NONE;
    private String jsonGroup;
    private boolean jsonArray;

    PackElement(String name, byte[] nameBytes, String key, ValueType type, int capacity) {
        this.name = name;
        this.nameBytes = nameBytes;
        this.key = key;
        this.type = type;
        int n = Math.max(1, capacity);
        switch (type) {
            case INT -> ints = new int[n];
            case INT64 -> longs = new long[n];
            default -> blobs = new byte[n][];
        }
    }

    /** The name as given, or as read (UTF-8 of the wire bytes, truncated to 63 bytes). */
    public String name() {
        return name;
    }

    public ValueType type() {
        return type;
    }

    /** Number of values, at least 1 in an encoded PACK. */
    public int valueCount() {
        return count;
    }

    /** INT value (unsigned 32 bits; use {@link Integer#toUnsignedLong}). */
    public int intValue(int index) {
        check(ValueType.INT, index);
        return ints[index];
    }

    /** INT64 value (unsigned 64 bits; use {@link Long#toUnsignedString(long)}). */
    public long int64Value(int index) {
        check(ValueType.INT64, index);
        return longs[index];
    }

    /** A copy of the bytes of a DATA, STR or UNISTR value (UNISTR without the wire NUL). */
    public byte[] bytes(int index) {
        return blob(index).clone();
    }

    /** A read-only view of the same bytes as {@link #bytes}, without copying. */
    public ByteBuffer bytesView(int index) {
        return ByteBuffer.wrap(blob(index)).asReadOnlyBuffer();
    }

    /** A STR or UNISTR value decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String stringValue(int index) {
        if (type != ValueType.STR && type != ValueType.UNISTR) {
            throw new IllegalStateException("element '" + name + "' is " + type + ", not STR or UNISTR");
        }
        return new String(blob(index), StandardCharsets.UTF_8);
    }

    /** How the element shows in JSON beyond its wire type (not encoded in the PACK). */
    public JsonHint jsonHint() {
        return hint;
    }

    /** The JSON list (array of objects) this element belongs to, or {@code null}. */
    public String jsonGroup() {
        return jsonGroup;
    }

    /** Whether JSON shows this element as an array even with a single value. */
    public boolean isJsonArray() {
        return jsonArray || count > 1;
    }

    String key() {
        return key;
    }

    byte[] nameBytes() {
        return nameBytes;
    }

    void jsonHint(JsonHint h) {
        hint = h;
    }

    void jsonGroup(String group) {
        jsonGroup = group;
    }

    void markJsonArray() {
        jsonArray = true;
    }

    // --- lenient reads for Pack: absent index reads as zero/empty ---

    int intOrZero(int index) {
        return index >= 0 && index < count ? ints[index] : 0;
    }

    long longOrZero(int index) {
        return index >= 0 && index < count ? longs[index] : 0;
    }

    byte[] blobOrNull(int index) {
        return index >= 0 && index < count ? blobs[index] : null;
    }

    // --- mutation, package-private: the Pack owns its elements ---

    void addInt(int v) {
        if (count == ints.length) {
            ints = Arrays.copyOf(ints, grow());
        }
        ints[count++] = v;
    }

    void addLong(long v) {
        if (count == longs.length) {
            longs = Arrays.copyOf(longs, grow());
        }
        longs[count++] = v;
    }

    /** Adds bytes the element now owns (callers pass a private copy). */
    void addBlob(byte[] v) {
        if (count == blobs.length) {
            blobs = Arrays.copyOf(blobs, grow());
        }
        blobs[count++] = v;
    }

    /** Fills a fresh element with {@code n} zero/empty values (for parallel JSON arrays). */
    void fillDefaults(int n) {
        switch (type) {
            case INT -> ints = new int[n];
            case INT64 -> longs = new long[n];
            default -> {
                blobs = new byte[n][];
                Arrays.fill(blobs, new byte[0]);
            }
        }
        count = n;
    }

    void setInt(int index, int v) {
        check(ValueType.INT, index);
        ints[index] = v;
    }

    void setLong(int index, long v) {
        check(ValueType.INT64, index);
        longs[index] = v;
    }

    void setBlob(int index, byte[] v) {
        blob(index);
        blobs[index] = v;
    }

    private int grow() {
        int n = count + (count >> 1) + 1;
        return n < 0 ? Integer.MAX_VALUE - 8 : n;
    }

    // --- wire form ---

    long encodedSize() {
        long size = 12L + nameBytes.length;
        switch (type) {
            case INT -> size += 4L * count;
            case INT64 -> size += 8L * count;
            default -> {
                int extra = type == ValueType.UNISTR ? 5 : 4;
                for (int i = 0; i < count; i++) {
                    size += extra + blobs[i].length;
                }
            }
        }
        return size;
    }

    /** Writes the element; {@code out} is big-endian and known to have room. */
    void write(ByteBuffer out) {
        out.putInt(nameBytes.length + 1).put(nameBytes).putInt(type.code()).putInt(count);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case INT -> out.putInt(ints[i]);
                case INT64 -> out.putLong(longs[i]);
                case UNISTR -> out.putInt(blobs[i].length + 1).put(blobs[i]).put((byte) 0);
                default -> out.putInt(blobs[i].length).put(blobs[i]);
            }
        }
    }

    private byte[] blob(int index) {
        if (blobs == null) {
            throw new IllegalStateException("element '" + name + "' is " + type + ", which holds no bytes");
        }
        Objects.checkIndex(index, count);
        return blobs[index];
    }

    private void check(ValueType expected, int index) {
        if (type != expected) {
            throw new IllegalStateException("element '" + name + "' is " + type + ", not " + expected);
        }
        Objects.checkIndex(index, count);
    }

    /** Same name (exactly), type and values; JSON hints are not compared. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PackElement e) || type != e.type || count != e.count || !name.equals(e.name)) {
            return false;
        }
        return switch (type) {
            case INT -> Arrays.equals(ints, 0, count, e.ints, 0, count);
            case INT64 -> Arrays.equals(longs, 0, count, e.longs, 0, count);
            default -> {
                for (int i = 0; i < count; i++) {
                    if (!Arrays.equals(blobs[i], e.blobs[i])) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    @Override
    public int hashCode() {
        int h = name.hashCode() * 31 + type.hashCode();
        for (int i = 0; i < count; i++) {
            h = h * 31 + switch (type) {
                case INT -> ints[i];
                case INT64 -> Long.hashCode(longs[i]);
                default -> Arrays.hashCode(blobs[i]);
            };
        }
        return h;
    }

    /** E.g. {@code random DATA[20] 56051a20...} or {@code HubName STR ["CASC", "DEFAULT"]}; long values shortened. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(type).append(' ');
        if (count != 1) {
            sb.append('[');
        }
        for (int i = 0; i < Math.min(count, 8); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            switch (type) {
                case INT -> sb.append(Integer.toUnsignedString(ints[i]));
                case INT64 -> sb.append(Long.toUnsignedString(longs[i]));
                case DATA -> sb.append('(').append(blobs[i].length).append(" bytes) ")
                        .append(HexFormat.of().formatHex(blobs[i], 0, Math.min(blobs[i].length, 16)))
                        .append(blobs[i].length > 16 ? "..." : "");
                default -> {
                    String s = new String(blobs[i], StandardCharsets.UTF_8);
                    sb.append('"').append(s.length() > 64 ? s.substring(0, 64) + "..." : s).append('"');
                }
            }
        }
        if (count > 8) {
            sb.append(", ... (").append(count).append(" values)");
        }
        if (count != 1) {
            sb.append(']');
        }
        return sb.toString();
    }
}
