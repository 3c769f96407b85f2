package org.ethervpn.console.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The users of a CSV file for bulk import: {@code name,password[,real name[,note]]} per line (RFC
 * 4180 quoting; a first line starting with {@code name,} is a header; empty lines and lines
 * starting with {@code #} are skipped; an empty password makes a user without one). Lines that
 * cannot be a user carry their {@code error} and are not imported.
 */
public final class CsvUsers {
    /** One line: the user, or why it is not one. {@code password} is never shown. */
    public record Row(int line, String name, String password, String realName, String note, String error) {
        public boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + (ok() ? name + (password.isEmpty() ? " (no password)" : " (password)")
                    + (realName.isEmpty() ? "" : ", " + realName) : error);
        }
    }

    public static final int MAX_USERS = 100_000;

    private CsvUsers() {
    }

    public static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int n = i + 1;
            if (l.isBlank() || l.stripLeading().startsWith("#")
                    || (rows.isEmpty() && l.toLowerCase(Locale.ROOT).startsWith("name,"))) {
                continue;
            }
            if (rows.size() >= MAX_USERS) {
                rows.add(new Row(n, "", "", "", "", "more than " + MAX_USERS + " users: the rest is not imported"));
                break;
            }
            List<String> f = fields(l);
            if (f == null) {
                rows.add(new Row(n, "", "", "", "", "unbalanced quotes"));
                continue;
            }
            String name = f.get(0).strip();
            if (f.size() > 4) {
                rows.add(new Row(n, name, "", "", "", "more than 4 columns (name,password,real name,note)"));
            } else if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(c -> c <= ' ' || c == '*')) {
                rows.add(new Row(n, name, "", "", "", "not a user name: \"" + name + "\""));
            } else if (seen.contains(name.toLowerCase(Locale.ROOT))) {
                rows.add(new Row(n, name, "", "", "", name + " is in the file twice"));
            } else {
                seen.add(name.toLowerCase(Locale.ROOT));
                rows.add(new Row(n, name, f.size() > 1 ? f.get(1) : "", f.size() > 2 ? f.get(2).strip() : "",
                        f.size() > 3 ? f.get(3).strip() : "", null));
            }
        }
        return rows;
    }

    /** The fields of one line, or null if a quote is not closed. */
    private static List<String> fields(String l) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(b.toString());
        return out;
    }
}
