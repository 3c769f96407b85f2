package org.ethervpn.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * {@code run/<role>}, the launcher script's sign that a runtime is ready (or why it cannot start). The bnd
 * launcher starts the framework first and the run bundles after, and marks its own service
 * {@code launcher.ready=true} once every one is started; so the file waits for that mark, else the
 * first command after {@code ethervpn server} or {@code client} could miss built-in plugins started after this bundle
 * (the adapters) or the plugins it needs. Without a bnd launcher (tests, other launchers) it is written at once.
 */
public final class ReadyFile implements ServiceListener {
    private static final String LAUNCHER = "(launcher.arguments=*)";
    private static final String READY = "(&" + LAUNCHER + "(launcher.ready=true))";

    private final BundleContext ctx;
    private final Path file;
    private final Supplier<String> error;
    private final Consumer<String> warn;
    private final AtomicBoolean thenRan = new AtomicBoolean();
    private final AtomicInteger prepared = new AtomicInteger(); // 0 not yet, 1 under way, 2 done
    private volatile Runnable then = () -> { };
    private volatile Consumer<Runnable> prepare;

    /**
     * @param error what {@link StatusFile} writes: null when ready, else why the runtime cannot start
     * @param warn  told when the file cannot be written
     */
    public ReadyFile(BundleContext ctx, Path file, Supplier<String> error, Consumer<String> warn) {
        this.ctx = ctx;
        this.file = file;
        this.error = error;
        this.warn = warn;
    }

    /** Writes the file now, or when the launcher says every bundle is started. */
    public void writeWhenReady() {
        writeWhenReady(() -> { });
    }

    /**
     * As {@link #writeWhenReady()}, then runs {@code then} once, after the first write that says ready (not after one
     * that says why the runtime cannot start): for work that must not delay the start, such as a warm-up.
     * It runs on the caller's thread or the framework's event thread, so it must be quick.
     */
    public void writeWhenReady(Runnable then) {
        this.then = then;
        try {
            ctx.addServiceListener(this, READY); // first, so the mark cannot slip in before the check
            if (find(READY) || !find(LAUNCHER)) {
                write();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // constant filters
        }
    }

    /**
     * As {@link #writeWhenReady()}, but once the runtime would be ready {@code prepare} runs first (once) and the file
     * is written when it calls the {@link Runnable} it is given: for bounded work that should be done before the
     * first client comes, such as a warm-up. It runs on the caller's thread or the framework's event thread, so it
     * must hand longer work to a thread of its own. A runtime that cannot start says why at once, unprepared.
     *
     * @since 1.3
     */
    public void writeWhenPrepared(Consumer<Runnable> prepare) {
        this.prepare = prepare;
        writeWhenReady();
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        write(); // a second write of the same text is harmless
    }

    /** Stops waiting and removes the file (the runtime is stopping). */
    public void delete() {
        ctx.removeServiceListener(this);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the launcher removes run/ anyway
        }
    }

    private boolean find(String filter) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = ctx.getServiceReferences((String) null, filter);
        return refs != null && refs.length > 0;
    }

    private void write() {
        String why = error.get();
        Consumer<Runnable> p = prepare;
        if (why == null && p != null && prepared.get() != 2) {
            if (prepared.compareAndSet(0, 1)) {
                p.accept(() -> {
                    prepared.set(2);
                    write();
                });
            }
            return;
        }
        try {
            StatusFile.write(file, why);
        } catch (IOException e) {
            warn.accept("Cannot write " + file + ": " + e.getMessage());
        }
        if (why == null && thenRan.compareAndSet(false, true)) {
            then.run();
        }
    }
}
