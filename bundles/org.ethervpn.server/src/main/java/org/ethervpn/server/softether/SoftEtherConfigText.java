package org.ethervpn.server.softether;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import org.ethervpn.server.config.ServerConfigException;

/**
 * Reads the text form of SoftEther's {@code vpn_server.config} (spec softether-admin-protocol.md
 * §8.1) into a tree of {@link SoftEtherFolder}s. Pure: no file access. Stricter than SoftEther's own
 * reader, which skips lines it does not understand: an import should say exactly where a file is
 * damaged rather than quietly import half of it. Every error names the line and the folder path.
 */
public final class SoftEtherConfigText {
    /** Real files are tens of kB (~1 kB per user); 32 Mi characters is far beyond any real server. */
    public static final int MAX_CHARS = 32 * 1024 * 1024;
    /** Real files nest 8 deep (root/VirtualHUB/hub/SecurityAccountDatabase/UserList/user/Traffic/RecvTraffic). */
    public static final int MAX_DEPTH = 32;

    private SoftEtherConfigText() {
    }

    /** The {@code root} folder of the text. */
    public static SoftEtherFolder parse(String text) throws ServerConfigException {
        if (text == null || text.isEmpty()) {
            throw new ServerConfigException("the configuration is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new ServerConfigException("the configuration has " + text.length() + " characters; at most " + MAX_CHARS
                    + " are read");
        }
        if (text.startsWith("SEVPN_DB")) {
            throw new ServerConfigException("this is SoftEther's binary configuration format (written when the file"
                    + " $save_binary exists in its directory); remove $save_binary, let SoftEther save again and import"
                    + " the text file");
        }
        String[] lines = text.split("\n", -1);
        Deque<SoftEtherFolder> open = new ArrayDeque<>();
        SoftEtherFolder root = null;
        String pending = null; // a declare waiting for its "{"
        int pendingLine = 0;
        boolean cut = !text.endsWith("\n");
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1];
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("//")) {
                continue;
            }
            try {
                String[] t = trimmed.split("[ \t]+");
                String where = open.isEmpty() ? "top level" : open.peek().path();
                if (pending != null) {
                    if (!(t.length == 1 && t[0].equals("{"))) {
                        throw error(n, where, "expected '{' after 'declare " + pending + "' of line " + pendingLine
                                + ", found '" + shorten(trimmed) + "'");
                    }
                    SoftEtherFolder f = new SoftEtherFolder(pending, open.isEmpty() ? pending : where + "/" + pending,
                            pendingLine);
                    if (open.isEmpty()) {
                        root = f;
                    } else if (!open.peek().add(f)) {
                        throw error(pendingLine, where, "folder '" + pending + "' is declared twice");
                    }
                    open.push(f);
                    pending = null;
                    continue;
                }
                switch (t[0]) {
                    case "declare" -> {
                        if (t.length != 2) {
                            throw error(n, where, "'declare' needs exactly one folder name, found '" + shorten(trimmed) + "'");
                        }
                        if (root != null && open.isEmpty()) {
                            throw error(n, where, "text after the end of folder 'root' (line " + root.line() + ")");
                        }
                        String name = unescape(t[1], n, where);
                        if (name.isEmpty()) {
                            throw error(n, where, "a folder without a name");
                        }
                        if (open.isEmpty() && !name.equalsIgnoreCase("root")) {
                            throw error(n, where, "the top-level folder must be 'root', not '" + shorten(name)
                                    + "': is this a SoftEther vpn_server.config?");
                        }
                        if (open.size() >= MAX_DEPTH) {
                            throw error(n, where, "folders nest deeper than " + MAX_DEPTH + " levels");
                        }
                        pending = name;
                        pendingLine = n;
                    }
                    case "{" -> throw error(n, where, "'{' without a 'declare' line before it");
                    case "}" -> {
                        if (t.length != 1) {
                            throw error(n, where, "unexpected text after '}'");
                        }
                        if (open.isEmpty()) {
                            throw error(n, where, "'}' without an open folder");
                        }
                        open.pop();
                    }
                    case "uint", "uint64", "bool", "string", "byte" -> {
                        if (open.isEmpty()) {
                            throw error(n, where, "an item outside folder 'root'");
                        }
                        if (t.length != 3) {
                            throw error(n, where, "an item line is '<type> <name> <value>', found " + t.length + " words in '"
                                    + shorten(trimmed) + "'");
                        }
                        String name = unescape(t[1], n, where);
                        var item = new SoftEtherFolder.Item(t[0], name, value(t[0], t[2], n, where + "/" + name), n);
                        if (!open.peek().add(item)) {
                            throw error(n, where, "item '" + name + "' appears twice");
                        }
                    }
                    default -> {
                        if (root == null) {
                            throw error(n, where, "'" + shorten(trimmed) + "' is not SoftEther configuration text (expected"
                                    + " 'declare root')");
                        }
                        throw error(n, where, "unknown line '" + shorten(trimmed) + "' (expected declare, '{', '}' or an"
                                + " item of type uint, uint64, bool, string or byte)");
                    }
                }
            } catch (ServerConfigException e) {
                if (cut && n == lines.length && root != null) {
                    // a file cut in the middle of a line: say so, not only what the fragment lacks
                    throw new ServerConfigException(e.getMessage() + " (the text ends in the middle of this line: truncated"
                            + " file?)");
                }
                throw e;
            }
        }
        if (pending != null) {
            throw error(pendingLine, open.isEmpty() ? "top level" : open.peek().path(), "'declare " + pending
                    + "' is not followed by '{' (the text ends)");
        }
        if (!open.isEmpty()) {
            throw error(lines.length, open.peek().path(), "the text ends inside folder " + open.peek().path()
                    + " (opened at line " + open.peek().line() + "): " + open.size() + " '}' missing; truncated file?");
        }
        if (root == null) {
            throw new ServerConfigException("no 'declare root' folder: this is not a SoftEther vpn_server.config");
        }
        return root;
    }

    private static Object value(String type, String raw, int n, String path) throws ServerConfigException {
        String where = path.substring(0, path.lastIndexOf('/'));
        try {
            return switch (type) {
                case "uint" -> {
                    long v = Long.parseLong(raw);
                    if (v < 0 || v > 0xFFFF_FFFFL || raw.startsWith("+")) {
                        throw new NumberFormatException();
                    }
                    yield v;
                }
                case "uint64" -> {
                    if (raw.startsWith("+")) {
                        throw new NumberFormatException();
                    }
                    yield Long.parseUnsignedLong(raw);
                }
                case "bool" -> switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> Long.parseLong(raw) != 0; // SoftEther's reader: non-zero is true
                };
                case "string" -> unescape(raw, n, where);
                default -> Base64.getDecoder().decode(unescape(raw, n, where));
            };
        } catch (NumberFormatException e) {
            throw error(n, where, "'" + shorten(raw) + "' is not a valid " + type + " value for "
                    + path.substring(path.lastIndexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            throw error(n, where, "item " + path.substring(path.lastIndexOf('/') + 1) + " is not valid base64: "
                    + e.getMessage());
        }
    }

    /**
     * Undoes SoftEther's escaping: {@code $} alone is the empty text, {@code $XX} is the byte XX
     * (used for control characters, space, TAB and {@code $} itself); other characters stand for
     * themselves. The bytes must form UTF-8.
     */
    static String unescape(String s, int n, String where) throws ServerConfigException {
        if (s.equals("$")) {
            return "";
        }
        if (s.indexOf('$') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw error(n, where, "bad escape in '" + shorten(s) + "' at character " + (i + 1)
                            + ": '$' must be followed by two hex digits");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw error(n, where, "'" + shorten(s) + "' does not decode to UTF-8 text");
        }
    }

    private static ServerConfigException error(int line, String where, String what) {
        return new ServerConfigException("line " + line + " (" + where + "): " + what);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
