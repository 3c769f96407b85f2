package org.ethervpn.shell.client;

import java.util.ArrayList;
import java.util.List;

/** Splits a script into Gogo statements: one per line, unless braces, brackets or quotes are open. */
final class Statements {
    record Statement(int line, String text) { }

    private Statements() {
    }

    static List<Statement> split(List<String> lines) {
        List<Statement> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (cur.isEmpty() && (l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            if (cur.isEmpty()) {
                start = i + 1;
            }
            cur.append(l).append('\n');
            if (complete(cur)) {
                out.add(new Statement(start, cur.toString().strip()));
                cur.setLength(0);
            }
        }
        if (!cur.isEmpty()) {
            out.add(new Statement(start, cur.toString().strip())); // let the server report the syntax error
        }
        return out;
    }

    /** True when no brace, bracket, parenthesis or quote is left open. */
    static boolean complete(CharSequence s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
        }
        return depth <= 0 && quote == 0;
    }
}
