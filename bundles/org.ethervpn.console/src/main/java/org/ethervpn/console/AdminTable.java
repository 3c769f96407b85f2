package org.ethervpn.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * A {@code SWT.VIRTUAL} multi-select table of records: items are filled only when shown (so
 * thousands of rows cost nothing until scrolled to), a click on a column header sorts by it (again:
 * reverse), and the filter box keeps rows whose any cell contains its text (ignoring case).
 * Selection survives a reload by row key.
 */
public final class AdminTable<T> {
    /** A column: its title, the cell text, and how rows compare by it (null: by the text). */
    public record Column<T>(String title, int width, Function<T, String> text, Comparator<T> order) {
        public static <T> Column<T> of(String title, int width, Function<T, String> text) {
            return new Column<>(title, width, text, null);
        }

        public static <T> Column<T> number(String title, int width, Function<T, Long> value) {
            return new Column<>(title, width, t -> Long.toString(value.apply(t)), Comparator.comparing(value));
        }
    }

    private final Composite root;
    private final Table table;
    private final Text filter;
    private final List<Column<T>> columns;
    private final Function<T, String> key;
    private List<T> all = List.of();
    private List<T> shown = List.of();
    private int sortColumn = -1; // -1: as the server listed them
    private boolean ascending = true;

    public AdminTable(Composite parent, String name, Function<T, String> key, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        this.key = key;
        root = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        root.setLayout(gl);
        new Label(root, SWT.NONE).setText("Filter:");
        filter = new Text(root, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filter.setData("name", name + ".filter");
        filter.setMessage("part of any column");
        filter.addListener(SWT.Modify, e -> filterChanged());
        table = new Table(root, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        table.setData("name", name);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        for (int i = 0; i < this.columns.size(); i++) {
            Column<T> c = this.columns.get(i);
            TableColumn tc = new TableColumn(table, SWT.LEFT);
            tc.setText(c.title());
            tc.setWidth(c.width());
            int index = i;
            tc.addListener(SWT.Selection, e -> sortBy(index));
        }
        table.addListener(SWT.SetData, e -> {
            TableItem item = (TableItem) e.item;
            int row = table.indexOf(item);
            if (row >= 0 && row < shown.size()) {
                T t = shown.get(row);
                for (int i = 0; i < this.columns.size(); i++) {
                    item.setText(i, nonNull(this.columns.get(i).text().apply(t)));
                }
                item.setData(t);
            }
        });
    }

    public Composite control() {
        return root;
    }

    public Table table() {
        return table;
    }

    /** Replaces the rows (UI thread), keeping the sort, the filter and the selected keys. */
    public void setRows(List<T> rows) {
        List<String> selected = selection().stream().map(key).toList();
        all = List.copyOf(rows);
        apply();
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            if (selected.contains(key.apply(shown.get(i)))) {
                again.add(i);
            }
        }
        table.setSelection(again.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The rows as shown now: filtered and sorted. */
    public List<T> shownRows() {
        return shown;
    }

    public List<T> selection() {
        List<T> out = new ArrayList<>();
        for (int i : table.getSelectionIndices()) {
            if (i < shown.size()) {
                out.add(shown.get(i));
            }
        }
        return out;
    }

    public void sortBy(int column) {
        if (column == sortColumn) {
            ascending = !ascending;
        } else {
            sortColumn = column;
            ascending = true;
        }
        table.setSortColumn(table.getColumn(column));
        table.setSortDirection(ascending ? SWT.UP : SWT.DOWN);
        apply();
    }

    private void filterChanged() {
        apply();
        table.setTopIndex(0);
    }

    private void apply() {
        String f = filter.getText().strip().toLowerCase(Locale.ROOT);
        List<T> rows = new ArrayList<>();
        for (T t : all) {
            if (f.isEmpty() || columns.stream().anyMatch(c -> nonNull(c.text().apply(t)).toLowerCase(Locale.ROOT).contains(f))) {
                rows.add(t);
            }
        }
        if (sortColumn >= 0) {
            Column<T> c = columns.get(sortColumn);
            Comparator<T> order = c.order() != null ? c.order()
                    : Comparator.comparing(t -> nonNull(c.text().apply(t)), String.CASE_INSENSITIVE_ORDER);
            rows.sort(ascending ? order : order.reversed());
        }
        shown = rows;
        table.deselectAll();
        table.setItemCount(rows.size());
        table.clearAll();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
