package org.ethervpn.console;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Modal dialogs as plain SWT shells with a nested event loop (not native message boxes), so they
 * look alike everywhere and tests can find them by title and drive their widgets. Each input
 * widget carries its field key as {@code getData("field")}.
 */
public final class Dialogs {
    /** An input of a {@link #form}. */
    public record Field(String key, String label, Kind kind, String initial) {
        public enum Kind { TEXT, PASSWORD, CHECK }

        public static Field text(String key, String label, String initial) {
            return new Field(key, label, Kind.TEXT, initial);
        }

        public static Field password(String key, String label) {
            return new Field(key, label, Kind.PASSWORD, "");
        }

        public static Field check(String key, String label, boolean initial) {
            return new Field(key, label, Kind.CHECK, Boolean.toString(initial));
        }
    }

    private Dialogs() {
    }

    /** Asks for the fields; the values by key ("true"/"false" for checks), or null if cancelled. */
    public static Map<String, String> form(Shell parent, String title, String message, List<Field> fields, String ok) {
        Shell s = shell(parent, title, message);
        Composite grid = new Composite(s, SWT.NONE);
        grid.setLayout(new GridLayout(2, false));
        grid.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Map<String, Control> inputs = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.kind() == Field.Kind.CHECK) {
                new Label(grid, SWT.NONE);
                Button b = new Button(grid, SWT.CHECK);
                b.setText(f.label());
                b.setSelection(Boolean.parseBoolean(f.initial()));
                b.setData("field", f.key());
                inputs.put(f.key(), b);
            } else {
                new Label(grid, SWT.NONE).setText(f.label());
                Text t = new Text(grid, SWT.BORDER | (f.kind() == Field.Kind.PASSWORD ? SWT.PASSWORD : SWT.NONE));
                t.setText(f.initial() == null ? "" : f.initial());
                GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
                gd.widthHint = 280;
                t.setLayoutData(gd);
                t.setData("field", f.key());
                inputs.put(f.key(), t);
            }
        }
        String[] pressed = buttons(s, ok, "Cancel");
        Map<String, String> values = new LinkedHashMap<>();
        s.addListener(SWT.Close, e -> { // read before the widgets go
            if (ok.equals(pressed[0])) {
                inputs.forEach((k, c) -> values.put(k, c instanceof Text t ? t.getText() : Boolean.toString(((Button) c).getSelection())));
            }
        });
        run(s);
        return ok.equals(pressed[0]) ? values : null;
    }

    /** Shows {@code message} with the given buttons; the index of the one pressed, -1 if closed. */
    public static int choose(Shell parent, String title, String message, String... buttons) {
        return answer(shell(parent, title, message), buttons);
    }

    /**
     * Shows {@code message} above a scrollable read-only {@code text} (a preview, a per-line result)
     * with the given buttons; the index of the one pressed, -1 if closed.
     */
    public static int report(Shell parent, String title, String message, String text, String... buttons) {
        Shell s = shell(parent, title, message);
        Text t = new Text(s, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        t.setText(text);
        t.setData("name", "report");
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
        gd.widthHint = 520;
        gd.heightHint = 240;
        t.setLayoutData(gd);
        return answer(s, buttons);
    }

    /**
     * {@link #choose} for a server certificate: {@code message}, then each fingerprint under its
     * caption in a monospace font, 16 bytes a line, so a line never breaks inside a byte and two
     * fingerprints line up byte for byte; then {@code after}. Each fingerprint label carries
     * {@code getData("fingerprint")} = its caption.
     */
    public static int chooseCertificate(Shell parent, String title, String message, Map<String, String> fingerprints,
            String after, String... buttons) {
        Shell s = shell(parent, title, message);
        Font mono = new Font(s.getDisplay(), "Monospace", s.getFont().getFontData()[0].getHeight(), SWT.NORMAL);
        s.addListener(SWT.Dispose, e -> mono.dispose());
        fingerprints.forEach((caption, fp) -> {
            Label c = new Label(s, SWT.NONE);
            c.setText(caption);
            GridData cd = new GridData();
            cd.verticalIndent = 6;
            c.setLayoutData(cd);
            Label l = new Label(s, SWT.NONE);
            l.setFont(mono);
            l.setText(fingerprintLines(fp));
            l.setData("fingerprint", caption);
            GridData gd = new GridData(SWT.BEGINNING, SWT.TOP, false, false);
            gd.horizontalIndent = 12;
            l.setLayoutData(gd);
        });
        Label a = new Label(s, SWT.WRAP);
        a.setText(after);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.widthHint = 460;
        gd.verticalIndent = 6;
        a.setLayoutData(gd);
        return answer(s, buttons);
    }

    /** "AA:BB:…" as lines of 16 colon-separated bytes (a SHA-256: two lines of 47 characters). */
    static String fingerprintLines(String fp) {
        String[] bytes = fp.split(":");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            b.append(i == 0 ? "" : i % 16 == 0 ? "\n" : ":").append(bytes[i]);
        }
        return b.toString();
    }

    public static void inform(Shell parent, String title, String message) {
        choose(parent, title, message, "OK");
    }

    private static Shell shell(Shell parent, String title, String message) {
        Shell s = new Shell(parent, SWT.DIALOG_TRIM | SWT.APPLICATION_MODAL | SWT.RESIZE);
        s.setText(title);
        s.setLayout(new GridLayout(1, false));
        if (message != null && !message.isEmpty()) {
            Label l = new Label(s, SWT.WRAP);
            l.setText(message);
            GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
            gd.widthHint = 460;
            l.setLayoutData(gd);
            l.setData("message", Boolean.TRUE);
        }
        return s;
    }

    /** Adds the buttons and runs the dialog: the index of the button pressed, -1 if closed. */
    private static int answer(Shell s, String... buttons) {
        String[] pressed = buttons(s, buttons);
        run(s);
        return Arrays.asList(buttons).indexOf(pressed[0]); // List.of would refuse the null of a closed dialog
    }

    /** A row of buttons; the returned array holds the label pressed. Enter presses the first. */
    private static String[] buttons(Shell s, String... labels) {
        String[] pressed = {null};
        Composite row = new Composite(s, SWT.NONE);
        row.setLayout(new GridLayout(labels.length, true));
        row.setLayoutData(new GridData(SWT.END, SWT.BOTTOM, true, false));
        for (int i = 0; i < labels.length; i++) {
            Button b = new Button(row, SWT.PUSH);
            b.setText(labels[i]);
            b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            String label = labels[i];
            b.addListener(SWT.Selection, e -> {
                pressed[0] = label;
                s.close();
            });
            if (i == 0) {
                s.setDefaultButton(b);
            }
        }
        return pressed;
    }

    private static void run(Shell s) {
        s.pack();
        Shell parent = s.getParent() instanceof Shell p ? p : null;
        if (parent != null && !parent.isDisposed()) {
            var pb = parent.getBounds();
            var sz = s.getSize();
            s.setLocation(pb.x + Math.max(0, (pb.width - sz.x) / 2), pb.y + Math.max(0, (pb.height - sz.y) / 3));
        }
        s.open();
        Display d = s.getDisplay();
        while (!s.isDisposed()) {
            if (!d.readAndDispatch()) {
                d.sleep();
            }
        }
    }
}
