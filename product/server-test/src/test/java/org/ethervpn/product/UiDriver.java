package org.ethervpn.product;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.ethervpn.console.UiThread;

/**
 * Drives real SWT widgets in this JVM for the console tests: an X display (the one in DISPLAY, else
 * a private Xvfb this class starts), the console's own {@link UiThread}, widget lookup by text or
 * {@code getData} keys, clicks and typing as SWT events, and PNG screenshots through
 * {@code GC.copyArea}. GTK allows one Display per process (and no second one after it), so there is
 * one driver per test JVM, closed at its exit; test classes only dispose their own shells.
 */
final class UiDriver {
    private static UiDriver instance;
    private static String unavailable;
    final UiThread ui;
    private final Process xvfb;

    private UiDriver(UiThread ui, Process xvfb) {
        this.ui = ui;
        this.xvfb = xvfb;
    }

    /** The driver, or null with {@link #unavailable()} saying why there is no display to be had. */
    static synchronized UiDriver get(Path swtDir) {
        if (instance != null || unavailable != null) {
            return instance;
        }
        Process x = null;
        try {
            if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isEmpty()) {
                if (!onPath("Xvfb")) {
                    unavailable = "no display: DISPLAY is not set and there is no Xvfb (Debian xvfb; CI installs it)";
                    return null;
                }
                x = startXvfb();
                if (x == null) {
                    unavailable = "Xvfb did not start";
                    return null;
                }
                setenv("DISPLAY", display(x)); // GTK reads the C environment when SWT opens the display
            }
            Files.createDirectories(swtDir);
            System.setProperty("swt.library.path", swtDir.toString());
            System.setProperty("org.eclipse.swt.internal.SessionManagerDBus.disable", "true");
            instance = new UiDriver(new UiThread(() -> { }), x);
            UiDriver d = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (UiDriver.class) {
                    if (instance == d) {
                        d.close();
                    }
                }
            }));
            return instance;
        } catch (Throwable e) {
            if (x != null) {
                x.destroy();
            }
            unavailable = "no display: " + e;
            return null;
        }
    }

    /**
     * A private Xvfb on a free display number (Xvfb picks it and writes it to fd 1: -displayfd), or
     * null. {@code -terminate}: it ends when its last client goes, so a test JVM that dies leaves none.
     */
    static Process startXvfb() throws IOException {
        if (!onPath("Xvfb")) {
            return null;
        }
        Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-terminate", "-screen", "0", "1280x800x24")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
        String n = r.readLine();
        if (n == null || !n.strip().matches("[0-9]+")) {
            x.destroy();
            return null;
        }
        DISPLAYS.put(x, ":" + n.strip());
        return x;
    }

    private static final java.util.Map<Process, String> DISPLAYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The DISPLAY value of an Xvfb from {@link #startXvfb()}. */
    static String display(Process xvfb) {
        return DISPLAYS.get(xvfb);
    }

    static String unavailable() {
        return unavailable;
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private static void setenv(String name, String value) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(a.allocateFrom(name), a.allocateFrom(value), 1);
            if (rc != 0) {
                throw new IOException("setenv failed");
            }
        }
    }

    <T> T sync(Callable<T> c) throws Exception {
        return ui.sync(c);
    }

    /** Polls {@code condition} on the UI thread until true (30 s), else fails with {@code what}. */
    void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(sync(condition))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static void poll(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The open shell titled {@code title} (waits for it). */
    Shell shell(String title) throws Exception {
        Shell[] found = new Shell[1];
        waitFor("a window titled \"" + title + "\"", () -> {
            for (Shell s : ui.display().getShells()) {
                if (!s.isDisposed() && s.isVisible() && title.equals(s.getText())) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Closes every shell of the display (a test class's windows, at its end). */
    void disposeShells() throws Exception {
        sync(() -> {
            for (Shell s : ui.display().getShells()) {
                s.dispose();
            }
            return null;
        });
    }

    boolean hasShell(String title) throws Exception {
        return sync(() -> {
            for (Shell s : ui.display().getShells()) {
                if (!s.isDisposed() && s.isVisible() && title.equals(s.getText())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** All controls under {@code root} of type {@code type} matching {@code p} (UI thread). */
    static <T extends Control> List<T> all(Composite root, Class<T> type, Predicate<T> p) {
        List<T> out = new ArrayList<>();
        for (Control c : root.getChildren()) {
            if (type.isInstance(c) && c.isVisible() && p.test(type.cast(c))) {
                out.add(type.cast(c));
            }
            if (c instanceof Composite comp && c.isVisible()) {
                out.addAll(all(comp, type, p));
            }
        }
        return out;
    }

    static <T extends Control> T one(Composite root, Class<T> type, Predicate<T> p, String what) {
        List<T> l = all(root, type, p);
        if (l.isEmpty()) {
            throw new AssertionError("no " + what + " visible in " + root);
        }
        return l.get(0);
    }

    static Button button(Composite root, String text) {
        return one(root, Button.class, b -> text.equals(b.getText()), "button \"" + text + "\"");
    }

    /** Presses a button as the user would: the Selection event, posted so a dialog it opens cannot block the test. */
    void click(Composite root, String text) throws Exception {
        Button b = sync(() -> button(root, text));
        ui.async(() -> {
            if (!b.isDisposed()) {
                b.notifyListeners(SWT.Selection, new Event());
            }
        });
    }

    /** Types into the text field whose {@code getData(key)} is {@code value} (setText sends Modify, as typing does). */
    void type(Composite root, String key, String value, String text) throws Exception {
        sync(() -> {
            Text t = one(root, Text.class, x -> value.equals(x.getData(key)), "field " + value);
            t.setFocus();
            t.setText(text);
            return null;
        });
    }

    void check(Composite root, String label, boolean on) throws Exception {
        sync(() -> {
            Button b = button(root, label);
            b.setSelection(on);
            b.notifyListeners(SWT.Selection, new Event());
            return null;
        });
    }

    /** Selects the tab titled {@code title} in the visible tab folder, with the event the user's click sends. */
    void tab(Composite root, String title) throws Exception {
        waitFor("tab " + title, () -> !all(root, CTabFolder.class, f -> itemTitled(f, title) != null).isEmpty());
        ui.async(() -> {
            CTabFolder f = all(root, CTabFolder.class, x -> itemTitled(x, title) != null).get(0);
            CTabItem it = itemTitled(f, title);
            f.setSelection(it);
            Event e = new Event();
            e.item = it;
            f.notifyListeners(SWT.Selection, e);
        });
    }

    static CTabItem itemTitled(CTabFolder f, String title) {
        for (CTabItem it : f.getItems()) {
            if (title.equals(it.getText())) {
                return it;
            }
        }
        return null;
    }

    /** Selects the server-tree item whose text contains {@code text}, with the event a click sends. */
    void select(Shell main, String text) throws Exception {
        waitFor("tree item " + text, () -> treeItem(main, text) != null);
        ui.async(() -> {
            TreeItem it = treeItem(main, text);
            Tree tree = it.getParent();
            tree.setSelection(it);
            Event e = new Event();
            e.item = it;
            tree.notifyListeners(SWT.Selection, e);
        });
    }

    /** The server-tree item (a connection or one of its hubs) whose text contains {@code text}, or null. */
    static TreeItem treeItem(Shell main, String text) {
        Tree tree = one(main, Tree.class, t -> "servers".equals(t.getData("name")), "server tree");
        for (TreeItem top : tree.getItems()) {
            if (top.getText().contains(text)) {
                return top;
            }
            for (TreeItem c : top.getItems()) {
                if (c.getText().contains(text)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** One column of the visible table named {@code name}, as the user sees it (a virtual table fills items on demand). */
    static List<String> cells(Shell main, String name, int column) {
        List<Table> l = all(main, Table.class, t -> name.equals(t.getData("name")));
        List<String> out = new ArrayList<>();
        if (!l.isEmpty()) {
            for (TableItem item : l.get(0).getItems()) {
                out.add(item.getText(column));
            }
        }
        return out;
    }

    /**
     * Measures how long the UI thread is busy at a stretch: a probe thread posts an empty runnable
     * every 5 ms and records the longest wait for it to run (events, painting and our code all
     * count). {@link StallProbe#close()} stops it; {@link StallProbe#longestMillis()} is the figure.
     */
    StallProbe stallProbe() {
        return new StallProbe(ui);
    }

    static final class StallProbe implements AutoCloseable {
        private volatile boolean running = true;
        private volatile long longest;
        private final Thread thread;

        StallProbe(UiThread ui) {
            thread = Thread.ofPlatform().daemon(true).name("ui-stall-probe").start(() -> {
                while (running) {
                    long posted = System.nanoTime();
                    java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                    ui.async(ran::countDown);
                    try {
                        if (!ran.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                            longest = Math.max(longest, 30_000_000_000L);
                        }
                        longest = Math.max(longest, System.nanoTime() - posted);
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long longestMillis() {
            return longest / 1_000_000;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    /** The shell's pixels as a PNG (what the user sees), through GC.copyArea. */
    void screenshot(Shell shell, Path png) throws Exception {
        Files.createDirectories(png.getParent());
        // the pointer off every window first: a tooltip it would raise shows as a black box in the capture
        boolean moved = sync(() -> {
            Event away = new Event();
            away.type = SWT.MouseMove;
            away.x = ui.display().getBounds().width - 1;
            away.y = ui.display().getBounds().height - 1;
            Point at = ui.display().getCursorLocation();
            return (at.x != away.x || at.y != away.y) && ui.display().post(away); // once: nothing moves it back
        });
        if (moved) {
            Thread.sleep(300);
        }
        sync(() -> {
            ui.display().update();
            Point size = shell.getSize();
            Image img = new Image(ui.display(), size.x, size.y);
            GC gc = new GC(shell);
            try {
                gc.copyArea(img, 0, 0);
            } finally {
                gc.dispose();
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {img.getImageData()};
            loader.save(png.toString(), SWT.IMAGE_PNG);
            img.dispose();
            return null;
        });
    }

    /**
     * At JVM exit: disposes the display, then stops the private Xvfb (in the other order GTK sees
     * its X server go and exits the JVM with 1). Not per test class: GTK cannot open a display
     * again in the same process, so every UI test of the JVM shares this one.
     */
    private void close() {
        synchronized (UiDriver.class) {
            ui.stop();
            if (xvfb != null) {
                xvfb.destroy();
            }
            instance = null;
        }
    }
}
