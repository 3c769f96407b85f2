package org.ethervpn.pack;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import org.ethervpn.pack.internal.IpText;
import org.ethervpn.pack.internal.Names;

/**
 * A SoftEther PACK: named, typed elements, looked up by name ignoring ASCII case and encoded in
 * insertion order.
 *
 * <p>Reads are lenient like SoftEther's: a missing element, one of another type or an index past
 * its values reads as 0, {@code false}, {@code ""} or an empty array. Adders refuse a name that
 * equals an existing one ignoring case ({@link IllegalArgumentException}), since SoftEther rejects
 * such a PACK as a whole. INT values are unsigned 32-bit and INT64 unsigned 64-bit numbers held in
 * {@code int}/{@code long}. Not thread-safe.
 */
public final class Pack {
    /** The DATA element of random padding every PACK sent over HTTP carries (spec §2.2). */
    public static final String PADDING = "pencore";
    /** Suffixes of the three helper elements of an address (see {@link #addIp}). */
    public static final String IPV6_BOOL = "@ipv6_bool";
    public static final String IPV6_ARRAY = "@ipv6_array";
    public static final String IPV6_SCOPE_ID = "@ipv6_scope_id";

    private final List<PackElement> elements;
    private final Map<String, PackElement> byKey;
    private final SequencedSet<String> groups = new LinkedHashSet<>();
    private String currentGroup;

    public Pack() {
        this(16);
    }

    Pack(int capacity) {
        elements = new ArrayList<>(capacity);
        byKey = HashMap.newHashMap(capacity);
    }

    // ---------------------------------------------------------------- lookup

    /** Number of elements. */
    public int size() {
        return elements.size();
    }

    /** The elements in encoding order (a read-only view). */
    public List<PackElement> elements() {
        return Collections.unmodifiableList(elements);
    }

    /** The element with this name, ignoring ASCII case. */
    public Optional<PackElement> element(String name) {
        return Optional.ofNullable(byKey.get(Names.key(name)));
    }

    public boolean contains(String name) {
        return byKey.containsKey(Names.key(name));
    }

    /** Number of values of the element (any type), 0 if absent. */
    public int count(String name) {
        PackElement e = byKey.get(Names.key(name));
        return e == null ? 0 : e.valueCount();
    }

    /** Removes the element with this name; returns whether there was one. */
    public boolean remove(String name) {
        PackElement e = byKey.remove(Names.key(name));
        if (e != null) {
            elements.remove(e);
        }
        return e != null;
    }

    // ---------------------------------------------------------------- lenient typed reads

    public int getInt(String name) {
        return getInt(name, 0);
    }

    /** INT value {@code index}; 0 if absent, not INT or past the end. */
    public int getInt(String name, int index) {
        PackElement e = find(name, ValueType.INT);
        return e == null ? 0 : e.intOrZero(index);
    }

    public long getInt64(String name) {
        return getInt64(name, 0);
    }

    public long getInt64(String name, int index) {
        PackElement e = find(name, ValueType.INT64);
        return e == null ? 0 : e.longOrZero(index);
    }

    /** An INT read as a boolean: any non-zero value is true. */
    public boolean getBool(String name) {
        return getInt(name, 0) != 0;
    }

    public boolean getBool(String name, int index) {
        return getInt(name, index) != 0;
    }

    /** A STR value, or "" if absent or of another type. */
    public String getStr(String name) {
        return getStr(name, 0);
    }

    public String getStr(String name, int index) {
        return text(find(name, ValueType.STR), index);
    }

    /** A UNISTR value, or "" if absent or of another type. */
    public String getUniStr(String name) {
        return getUniStr(name, 0);
    }

    public String getUniStr(String name, int index) {
        return text(find(name, ValueType.UNISTR), index);
    }

    /** A STR or UNISTR value, whichever the element is; "" otherwise. */
    public String getText(String name) {
        return getText(name, 0);
    }

    public String getText(String name, int index) {
        PackElement e = byKey.get(Names.key(name));
        return e != null && (e.type() == ValueType.STR || e.type() == ValueType.UNISTR) ? text(e, index) : "";
    }

    /** A copy of a DATA value, or an empty array if absent or of another type. */
    public byte[] getData(String name) {
        return getData(name, 0);
    }

    public byte[] getData(String name, int index) {
        PackElement e = find(name, ValueType.DATA);
        byte[] b = e == null ? null : e.blobOrNull(index);
        return b == null ? new byte[0] : b.clone();
    }

    /** The address stored by {@link #addIp}; {@code null} if neither the INT nor an IPv6 form is there. */
    public InetAddress getIp(String name) {
        return getIp(name, 0);
    }

    public InetAddress getIp(String name, int index) {
        if (getInt(name + IPV6_BOOL, index) != 0) {
            PackElement array = find(name + IPV6_ARRAY, ValueType.DATA);
            byte[] bytes = array == null ? null : array.blobOrNull(index);
            if (bytes != null && bytes.length == 16) {
                return IpText.v6(bytes.clone(), getInt(name + IPV6_SCOPE_ID, index));
            }
        }
        PackElement e = find(name, ValueType.INT);
        if (e == null || index < 0 || index >= e.valueCount()) {
            return null;
        }
        return IpText.fromReversedInt(e.intValue(index));
    }

    // ---------------------------------------------------------------- single-valued adders

    public Pack addInt(String name, int value) {
        create(name, ValueType.INT, 1).addInt(value);
        return this;
    }

    public Pack addInt64(String name, long value) {
        create(name, ValueType.INT64, 1).addLong(value);
        return this;
    }

    /** An INT 0/1, shown as {@code _bool} in JSON. */
    public Pack addBool(String name, boolean value) {
        PackElement e = create(name, ValueType.INT, 1);
        e.jsonHint(JsonHint.BOOL);
        e.addInt(value ? 1 : 0);
        return this;
    }

    /** An INT64 SoftEther time (see {@link SoftEtherTime}), shown as {@code _dt} in JSON. */
    public Pack addTime64(String name, long softEtherTime) {
        PackElement e = create(name, ValueType.INT64, 1);
        e.jsonHint(JsonHint.TIME);
        e.addLong(softEtherTime);
        return this;
    }

    /** A STR: the UTF-8 bytes of the text, no NUL. */
    public Pack addStr(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        create(name, ValueType.STR, 1).addBlob(bytes);
        return this;
    }

    /** A UNISTR (UTF-8; the wire NUL is added by the encoder). The text may not contain NUL. */
    public Pack addUniStr(String name, String value) {
        byte[] bytes = uniBytes(name, value);
        create(name, ValueType.UNISTR, 1).addBlob(bytes);
        return this;
    }

    /** A DATA element holding a copy of {@code value}. */
    public Pack addData(String name, byte[] value) {
        byte[] copy = value.clone();
        create(name, ValueType.DATA, 1).addBlob(copy);
        return this;
    }

    /**
     * An address as SoftEther stores it, four elements: {@code name@ipv6_bool} INT (1 for IPv6),
     * {@code name@ipv6_array} DATA (the 16 IPv6 bytes, zeros for IPv4), {@code name@ipv6_scope_id}
     * INT and {@code name} INT (the IPv4 octets reversed, e.g. 192.168.0.1 as 0x0100a8c0; 0 for IPv6).
     * The base name may be at most 49 bytes so that the helper names fit in 63.
     */
    public Pack addIp(String name, InetAddress address) {
        Objects.requireNonNull(address, "address");
        String[] names = ipNames(name);
        for (String n : names) {
            Names.encode(n);
            checkAbsent(n);
        }
        return putIp(names, address, false);
    }

    /** Adds {@code pencore}: 0-999 random bytes of padding, as SoftEther does before sending a PACK over HTTP. */
    public Pack addPadding(RandomGenerator random) {
        byte[] padding = new byte[random.nextInt(1000)];
        random.nextBytes(padding);
        return addData(PADDING, padding);
    }

    // ---------------------------------------------------------------- arrays

    /**
     * Appends a value to the INT element {@code name}, creating it if absent. Elements built by
     * appending are JSON arrays even with one value; parallel arrays (one value per record in
     * several elements) are built by appending to each.
     *
     * @throws IllegalArgumentException if the element exists with another type
     */
    public Pack appendInt(String name, int value) {
        appendTarget(name, ValueType.INT, JsonHint.NONE, true).addInt(value);
        return this;
    }

    public Pack appendInt64(String name, long value) {
        appendTarget(name, ValueType.INT64, JsonHint.NONE, true).addLong(value);
        return this;
    }

    public Pack appendBool(String name, boolean value) {
        appendTarget(name, ValueType.INT, JsonHint.BOOL, true).addInt(value ? 1 : 0);
        return this;
    }

    public Pack appendTime64(String name, long softEtherTime) {
        appendTarget(name, ValueType.INT64, JsonHint.TIME, true).addLong(softEtherTime);
        return this;
    }

    public Pack appendStr(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        appendTarget(name, ValueType.STR, JsonHint.NONE, true).addBlob(bytes);
        return this;
    }

    public Pack appendUniStr(String name, String value) {
        byte[] bytes = uniBytes(name, value);
        appendTarget(name, ValueType.UNISTR, JsonHint.NONE, true).addBlob(bytes);
        return this;
    }

    public Pack appendData(String name, byte[] value) {
        byte[] copy = value.clone();
        appendTarget(name, ValueType.DATA, JsonHint.NONE, true).addBlob(copy);
        return this;
    }

    /**
     * Appends an address to the four elements of {@link #addIp}, creating them if all are absent.
     *
     * @throws IllegalArgumentException if only some of the four exist, or with other types or counts
     */
    public Pack appendIp(String name, InetAddress address) {
        Objects.requireNonNull(address, "address");
        String[] names = ipNames(name);
        ValueType[] types = {ValueType.INT, ValueType.DATA, ValueType.INT, ValueType.INT};
        int present = 0;
        int count = -1;
        for (int i = 0; i < 4; i++) {
            Names.encode(names[i]);
            PackElement e = byKey.get(Names.key(names[i]));
            if (e != null) {
                present++;
                if (e.type() != types[i] || count >= 0 && e.valueCount() != count) {
                    throw new IllegalArgumentException("'" + e.name() + "' exists but is not part of an address array");
                }
                count = e.valueCount();
            }
        }
        if (present != 0 && present != 4) {
            throw new IllegalArgumentException("only some of the four elements of address '" + name + "' exist");
        }
        return putIp(names, address, true);
    }

    private Pack putIp(String[] names, InetAddress address, boolean array) {
        byte[] v6 = new byte[16];
        int scope = 0;
        int v4 = 0;
        if (address instanceof Inet6Address a) {
            v6 = a.getAddress();
            scope = a.getScopeId();
        } else if (address instanceof Inet4Address a) {
            v4 = IpText.reversedInt(a.getAddress());
        }
        appendTarget(names[0], ValueType.INT, JsonHint.NONE, array).addInt(address instanceof Inet6Address ? 1 : 0);
        appendTarget(names[1], ValueType.DATA, JsonHint.NONE, array).addBlob(v6);
        appendTarget(names[2], ValueType.INT, JsonHint.NONE, array).addInt(scope);
        appendTarget(names[3], ValueType.INT, JsonHint.IP, array).addInt(v4);
        return this;
    }

    // ---------------------------------------------------------------- JSON groups

    /**
     * Starts a JSON list: elements created from now on are shown in JSON as fields of the objects of
     * an array named {@code group} (object i holds value i of each). The list appears, as
     * {@code []}, even if no element joins it. Not part of the binary PACK.
     */
    public Pack beginJsonGroup(String group) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("a JSON group needs a name");
        }
        groups.add(group);
        currentGroup = group;
        return this;
    }

    /** Ends the current JSON list; later elements are top-level JSON members again. */
    public Pack endJsonGroup() {
        currentGroup = null;
        return this;
    }

    /** The JSON lists in the order they were begun. */
    public List<String> jsonGroups() {
        return List.copyOf(groups);
    }

    // ---------------------------------------------------------------- package-private

    /** A new, empty element; refuses a name that exists ignoring case. */
    PackElement create(String name, ValueType type, int capacity) {
        byte[] bytes = Names.encode(name);
        String key = Names.key(bytes, 0, bytes.length);
        checkAbsent(name, key);
        PackElement e = new PackElement(name, bytes, key, type, capacity);
        e.jsonGroup(currentGroup);
        elements.add(e);
        byKey.put(key, e);
        return e;
    }

    /** Adds a decoded element unless its name is taken; returns the clashing element or {@code null}. */
    PackElement addDecoded(PackElement e) {
        PackElement old = byKey.putIfAbsent(e.key(), e);
        if (old == null) {
            elements.add(e);
        }
        return old;
    }

    void declareJsonGroup(String group) {
        groups.add(group);
    }

    PackElement find(String name, ValueType type) {
        PackElement e = byKey.get(Names.key(name));
        return e != null && e.type() == type ? e : null;
    }

    static String[] ipNames(String name) {
        return new String[] {name + IPV6_BOOL, name + IPV6_ARRAY, name + IPV6_SCOPE_ID, name};
    }

    /** The element to append to, created if absent; {@code array} marks it as a JSON array. */
    private PackElement appendTarget(String name, ValueType type, JsonHint hint, boolean array) {
        PackElement e = byKey.get(Names.key(name));
        if (e == null) {
            e = create(name, type, array ? 4 : 1);
            e.jsonHint(hint);
        } else if (e.type() != type) {
            throw new IllegalArgumentException("cannot append a " + type + " value to '" + e.name() + "', which is " + e.type());
        }
        if (array) {
            e.markJsonArray();
        }
        return e;
    }

    private void checkAbsent(String name) {
        checkAbsent(name, Names.key(name));
    }

    private void checkAbsent(String name, String key) {
        PackElement old = byKey.get(key);
        if (old != null) {
            throw new IllegalArgumentException(old.name().equals(name)
                    ? "element '" + name + "' already exists"
                    : "element '" + name + "' clashes with existing element '" + old.name() + "' (names ignore case)");
        }
    }

    private static byte[] uniBytes(String name, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("UNISTR '" + name + "' may not contain NUL: the wire form ends at the first one");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(PackElement e, int index) {
        byte[] b = e == null ? null : e.blobOrNull(index);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** Same elements (names exactly, types, values) in the same order; JSON hints and groups are not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Pack p && elements.equals(p.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return elements.stream().map(PackElement::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}
