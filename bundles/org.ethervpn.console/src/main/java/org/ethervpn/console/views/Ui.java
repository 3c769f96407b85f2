package org.ethervpn.console.views;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.console.api.ViewContext;

/** Small helpers the built-in views share. */
final class Ui {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Ui() {
    }

    static Composite buttons(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayout(new RowLayout(SWT.HORIZONTAL));
        return bar;
    }

    static Button button(Composite bar, String text, Runnable action) {
        Button b = new Button(bar, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** Runs {@code work} off the UI thread; then {@code done} on it, or the failure in the status bar. The future: when it is over. */
    static <T> CompletableFuture<T> call(ViewContext ctx, Callable<T> work, Consumer<T> done) {
        return ctx.ui().background(work, done, e -> ctx.error(message(e)));
    }

    /** Runs {@code action} for each of {@code names} off the UI thread, reports the outcome, then {@code after}. */
    static void each(ViewContext ctx, String verb, List<String> names, Consumer<String> action, Runnable after) {
        if (names.isEmpty()) {
            ctx.error("select one or more rows first");
            return;
        }
        ctx.ui().background(() -> {
            StringBuilder failed = new StringBuilder();
            for (String n : names) {
                try {
                    action.accept(n);
                } catch (RuntimeException e) {
                    failed.append(failed.isEmpty() ? "" : "; ").append(message(e));
                }
            }
            return failed.toString();
        }, failed -> {
            if (failed.isEmpty()) {
                ctx.status(verb + ": " + String.join(", ", names));
            } else {
                ctx.error(failed);
            }
            after.run();
        }, e -> ctx.error(message(e)));
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof AdminException a) {
            return a.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = -1;
        double v = n;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %siB", v, units.charAt(u));
    }
}
