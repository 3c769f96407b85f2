package org.ethervpn.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps a client session up (spec §4.2): logs in, and when the session is lost or a login fails,
 * logs in again per the {@link ReconnectPolicy}. An authentication or configuration refusal
 * (wrong password, unknown hub, unsupported auth type, monitor mode) is never retried: retrying
 * cannot fix it and would only hammer the server.
 */
public final class VpnConnection implements AutoCloseable {
    /** The connection's state for status displays. */
    public enum State { CONNECTING, CONNECTED, RETRY_WAIT, GAVE_UP, REFUSED, CLOSED }

    private final Supplier<ClientSession> sessions;
    private final ReconnectPolicy policy;
    private final ScheduledExecutorService timer;
    private volatile State state = State.CONNECTING;
    private volatile ClientSession current;
    private volatile String lastError;
    private volatile int attempt;
    private volatile int logins;
    private volatile Consumer<String> events = e -> { };

    /** @param sessions makes a fresh, not yet started session per login */
    public VpnConnection(Supplier<ClientSession> sessions, ReconnectPolicy policy, ScheduledExecutorService timer) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Tells {@code sink} about logins, losses and retries (one line each, for the log). */
    public VpnConnection onEvent(Consumer<String> sink) {
        this.events = Objects.requireNonNull(sink, "sink");
        return this;
    }

    public VpnConnection start() {
        login();
        return this;
    }

    public State state() {
        return state;
    }

    public ClientSession session() {
        return current;
    }

    public String lastError() {
        return lastError;
    }

    /** Successful logins so far (1 after the first connect; each reconnect adds one). */
    public int logins() {
        return logins;
    }

    @Override
    public synchronized void close() {
        state = State.CLOSED;
        ClientSession s = current;
        if (s != null) {
            s.close();
        }
    }

    private void login() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CONNECTING;
        }
        ClientSession s;
        CompletableFuture<ClientSession> started;
        try {
            s = sessions.get();
            started = s.start();
        } catch (RuntimeException e) {
            // e.g. a plugin the account needs was uninstalled: an outage like any other, retried
            retry(e.getMessage());
            return;
        }
        started.whenComplete((ok, error) -> {
            if (error == null) {
                synchronized (this) {
                    if (state == State.CLOSED) {
                        s.close();
                        return;
                    }
                    current = s;
                    attempt = 0;
                    logins++;
                    state = State.CONNECTED;
                }
                events.accept("connected: session " + s.sessionName() + ", login " + logins);
                s.lost().thenAccept(this::retry);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (refusedForGood(cause)) {
                    lastError = cause.getMessage();
                    state = State.REFUSED;
                    events.accept("refused, not retried: " + cause.getMessage());
                } else {
                    retry(cause.getMessage());
                }
            }
        });
    }

    private synchronized void retry(String why) {
        lastError = why;
        if (state == State.CLOSED) {
            return;
        }
        int n = ++attempt;
        if (!policy.allows(n)) {
            state = State.GAVE_UP;
            events.accept("gave up after " + (n - 1) + " retries: " + why);
            return;
        }
        state = State.RETRY_WAIT;
        events.accept("retry " + n + " in " + policy.interval().toSeconds() + " s: " + why);
        timer.schedule(this::login, policy.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Errors 7, 8, 9, 107, 108 are answers, not outages. */
    private static boolean refusedForGood(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        for (int code : new int[] {7, 8, 9, 107, 108}) {
            if (m.contains("error " + code + " (")) {
                return true;
            }
        }
        return false;
    }
}
