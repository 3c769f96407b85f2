package org.ethervpn.shell;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/**
 * Prints what {@code vpn:} commands return as a person wants to read it: a list of records as an
 * aligned table with a header, one record as "field: value" lines. Scripts still get the objects.
 * Generic over records, so every admin command gets it for free.
 */
@Component(service = Converter.class)
public final class TableConverter implements Converter {
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null; // formatting only
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (level != Converter.INSPECT) {
            return null;
        }
        if (target instanceof List<?> list && !list.isEmpty() && sameRecordClass(list)) {
            return table(list);
        }
        if (target instanceof Record r) {
            return fields(r);
        }
        return null;
    }

    private static boolean sameRecordClass(List<?> list) {
        Class<?> c = list.get(0) == null ? null : list.get(0).getClass();
        if (c == null || !c.isRecord()) {
            return false;
        }
        for (Object o : list) {
            if (o == null || o.getClass() != c) {
                return false;
            }
        }
        return true;
    }

    static String table(List<?> rows) {
        RecordComponent[] cols = rows.get(0).getClass().getRecordComponents();
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            header[i] = heading(cols[i].getName());
        }
        cells.add(header);
        for (Object row : rows) {
            String[] line = new String[cols.length];
            for (int i = 0; i < cols.length; i++) {
                line[i] = cell(value(cols[i], row));
            }
            cells.add(line);
        }
        int[] width = new int[cols.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                sb.append(line[i]);
                if (i < line.length - 1) {
                    sb.append(" ".repeat(width[i] - line[i].length() + 2));
                }
            }
            sb.append('\n');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    static String fields(Record r) {
        RecordComponent[] cols = r.getClass().getRecordComponents();
        int w = 0;
        for (RecordComponent c : cols) {
            w = Math.max(w, heading(c.getName()).length());
        }
        StringBuilder sb = new StringBuilder();
        for (RecordComponent c : cols) {
            Object v = value(c, r);
            String name = heading(c.getName());
            sb.append(name).append(':');
            if (v instanceof List<?> l && !l.isEmpty() && sameRecordClass(l)) {
                sb.append('\n').append(table(l).indent(2).stripTrailing());
            } else {
                sb.append(" ".repeat(w - name.length() + 1)).append(cell(v));
            }
            sb.append('\n');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** {@code builtIn} becomes {@code BUILT-IN}. */
    static String heading(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toUpperCase(Locale.ROOT);
    }

    static String cell(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                return "-";
            }
            if (c.iterator().next() instanceof Record) {
                return c.size() + (c.size() == 1 ? " item" : " items");
            }
            return String.join(" ", c.stream().map(TableConverter::cell).toList());
        }
        if (v instanceof Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString(); // sub-second noise hides the date
        }
        return v.toString();
    }

    private static Object value(RecordComponent c, Object row) {
        try {
            return c.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }
}
