package org.ethervpn.console.api;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The console's one UI thread, which owns the process's only {@link Display} (GTK allows one):
 * no other bundle creates a Display. Admin calls never run on it; {@link #background} runs them on
 * a worker and hands the result back to the UI thread.
 */
@ProviderType
public interface UiAccess {
    Display display();

    /** Runs {@code r} on the UI thread later (ignored once the display is gone). */
    void async(Runnable r);

    /** Runs {@code work} on the UI thread and waits for its result (not from the UI thread's own callers that hold locks). */
    <T> T sync(Callable<T> work) throws Exception;

    /**
     * Runs {@code work} off the UI thread, then {@code onResult} or {@code onError} on the UI thread
     * (skipped if the display is gone by then). The future completes with the same outcome.
     */
    <T> CompletableFuture<T> background(Callable<T> work, Consumer<? super T> onResult, Consumer<? super Throwable> onError);

    /** True on the UI thread. */
    boolean isUiThread();
}
