package org.ethervpn.server.softether;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code declare} block of a SoftEther configuration ({@link SoftEtherConfigText}): typed items
 * and sub-folders, looked up ignoring case like SoftEther does. A getter given an item of another
 * type answers its default, as SoftEther's reader does.
 */
public final class SoftEtherFolder {
    /** One item line: {@code type} is uint, uint64, bool, string or byte; {@code value} is unescaped. */
    public record Item(String type, String name, Object value, int line) {
    }

    private final String name;
    private final String path;
    private final int line;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, SoftEtherFolder> folders = new LinkedHashMap<>();

    SoftEtherFolder(String name, String path, int line) {
        this.name = name;
        this.path = path;
        this.line = line;
    }

    public String name() {
        return name;
    }

    /** e.g. {@code root/VirtualHUB/DEFAULT}: used in error messages and reports. */
    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    /** False if an item of that name (ignoring case) exists already. */
    boolean add(Item item) {
        return items.putIfAbsent(key(item.name()), item) == null;
    }

    boolean add(SoftEtherFolder folder) {
        return folders.putIfAbsent(key(folder.name()), folder) == null;
    }

    public List<SoftEtherFolder> folders() {
        return Collections.unmodifiableList(new ArrayList<>(folders.values()));
    }

    public Optional<SoftEtherFolder> folder(String folderName) {
        return Optional.ofNullable(folders.get(key(folderName)));
    }

    /** The folder at this slash-separated path below this one, e.g. {@code SecurityAccountDatabase/UserList}. */
    public Optional<SoftEtherFolder> at(String relPath) {
        Optional<SoftEtherFolder> f = Optional.of(this);
        for (String part : relPath.split("/")) {
            f = f.flatMap(x -> x.folder(part));
        }
        return f;
    }

    public Optional<Item> item(String itemName) {
        return Optional.ofNullable(items.get(key(itemName)));
    }

    public boolean has(String itemName) {
        return items.containsKey(key(itemName));
    }

    public long uint(String itemName, long otherwise) {
        return typed(itemName, "uint", Long.class, otherwise);
    }

    /** An unsigned 64-bit value (as a Java long bit pattern). */
    public long uint64(String itemName, long otherwise) {
        return typed(itemName, "uint64", Long.class, otherwise);
    }

    public boolean bool(String itemName, boolean otherwise) {
        return typed(itemName, "bool", Boolean.class, otherwise);
    }

    public String string(String itemName, String otherwise) {
        return typed(itemName, "string", String.class, otherwise);
    }

    /** A copy of a {@code byte} item, or null. */
    public byte[] bytes(String itemName) {
        byte[] b = typed(itemName, "byte", byte[].class, null);
        return b == null ? null : b.clone();
    }

    private <T> T typed(String itemName, String type, Class<T> c, T otherwise) {
        Item i = items.get(key(itemName));
        return i != null && i.type().equals(type) ? c.cast(i.value()) : otherwise;
    }

    private static String key(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return path + " (line " + line + ", " + items.size() + " items, " + folders.size() + " folders)";
    }
}
