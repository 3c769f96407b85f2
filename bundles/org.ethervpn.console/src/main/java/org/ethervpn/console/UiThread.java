package org.ethervpn.console;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.ethervpn.console.api.UiAccess;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Owns the process's one SWT {@link Display} on a thread of its own ("ethervpn-ui"). A dedicated
 * thread rather than the launcher's main thread: the same bundle then works in the standalone
 * console, inside a server runtime (whose main thread is Gogo's) and in tests. Admin calls go to
 * virtual threads.
 */
@Component(service = UiAccess.class)
public final class UiThread implements UiAccess {
    private final Thread thread;
    private final Display display;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("ethervpn-console-worker-", 0).factory());
    private volatile boolean stopping;
    private final BiConsumer<String, Throwable> uiErrors;

    /** For DS: without a display the standalone console ({@code ethervpn.console.exitOnClose}) ends instead of idling. */
    @Activate
    public UiThread(BundleContext ctx, @Reference(service = LoggerFactory.class) Logger log) {
        this(() -> {
            if (Boolean.parseBoolean(ctx.getProperty("ethervpn.console.exitOnClose"))) {
                Thread.ofPlatform().name("ethervpn-console-exit").start(() -> {
                    try {
                        ctx.getBundle(0).stop();
                    } catch (BundleException | IllegalStateException e) {
                        // stopping anyway
                    }
                });
            }
        }, (text, e) -> log.error(text, e));
    }

    /** Opens the display on a new UI thread; throws (after running {@code onFailure}) if it cannot. UI errors go to stderr. */
    public UiThread(Runnable onFailure) {
        this(onFailure, (text, e) -> System.err.println(text + ": " + e));
    }

    /**
     * Opens the display on a new UI thread; throws (after running {@code onFailure}) if it cannot.
     * {@code uiErrors} hears of exceptions a listener throws on the UI thread (which goes on).
     */
    public UiThread(Runnable onFailure, BiConsumer<String, Throwable> uiErrors) {
        this.uiErrors = uiErrors;
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Object> made = new AtomicReference<>();
        thread = Thread.ofPlatform().name("ethervpn-ui").daemon(true).start(() -> {
            Display d;
            try {
                Display.setAppName("EtherVPN Console");
                d = new Display();
                made.set(d);
            } catch (Throwable e) { // no X display, no GTK: reported to the activating caller
                made.set(e);
                ready.countDown();
                return;
            }
            ready.countDown();
            loop(d);
        });
        try {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the SWT display did not start in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the SWT display started", e);
        }
        if (made.get() instanceof Throwable t) {
            System.err.println("ethervpn console: cannot open the SWT display (is DISPLAY set and GTK 3 installed?): " + t);
            onFailure.run();
            throw new IllegalStateException("cannot open the SWT display (is DISPLAY set and GTK 3 installed?): " + t, t);
        }
        display = (Display) made.get();
    }

    private void loop(Display d) {
        while (!d.isDisposed()) {
            try {
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            } catch (RuntimeException e) { // a faulty listener must not end the UI thread
                if (d.isDisposed() || stopping) {
                    break;
                }
                uiErrors.accept("ethervpn console: UI error", e);
            }
        }
    }

    @Override
    public Display display() {
        return display;
    }

    @Override
    public void async(Runnable r) {
        if (!display.isDisposed()) {
            try {
                display.asyncExec(r);
            } catch (SWTException e) {
                // disposed meanwhile: nobody to show it to
            }
        }
    }

    @Override
    public <T> T sync(Callable<T> work) throws Exception {
        if (isUiThread()) {
            return work.call();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    @Override
    public <T> CompletableFuture<T> background(Callable<T> work, Consumer<? super T> onResult,
            Consumer<? super Throwable> onError) {
        CompletableFuture<T> f = new CompletableFuture<>();
        workers.execute(() -> {
            try {
                T v = work.call();
                f.complete(v);
                async(() -> onResult.accept(v));
            } catch (Throwable e) {
                f.completeExceptionally(e);
                async(() -> onError.accept(e));
            }
        });
        return f;
    }

    @Override
    public boolean isUiThread() {
        return Thread.currentThread() == thread;
    }

    /** Disposes the display (its windows with it) and ends the UI thread. */
    @Deactivate
    public void stop() {
        stopping = true;
        workers.shutdownNow();
        if (!display.isDisposed()) {
            try {
                display.syncExec(() -> {
                    if (!display.isDisposed()) {
                        display.dispose();
                    }
                });
            } catch (SWTException e) {
                // already gone
            }
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
