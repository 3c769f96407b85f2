package org.ethervpn.session;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One once-a-second timer per event loop for all the tunnel connections on it. A timer of each
 * connection's own woke the loop once per connection per second (16,384 wake-ups a second with as
 * many sessions); this wakes it once. Members join and leave on the loop's own thread.
 */
final class LoopTicker {
    static final long TICK_MILLIS = 1000;
    private static final TunnelConnection[] NONE = new TunnelConnection[0];
    private static final Map<EventExecutor, LoopTicker> TICKERS = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    private final Set<TunnelConnection> members = new LinkedHashSet<>();
    private ScheduledFuture<?> task;

    private LoopTicker(EventExecutor loop) {
        this.loop = loop;
    }

    /** From the next tick on, {@code c} is ticked once a second until it {@link #leave}s. On {@code loop}. */
    static void join(EventExecutor loop, TunnelConnection c) {
        assert loop.inEventLoop();
        LoopTicker t = TICKERS.computeIfAbsent(loop, LoopTicker::new);
        t.members.add(c);
        if (t.task == null) {
            t.task = loop.scheduleAtFixedRate(t::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** On {@code loop}; the last member to leave stops the timer (nothing stays behind for a loop that ends). */
    static void leave(EventExecutor loop, TunnelConnection c) {
        assert loop.inEventLoop();
        LoopTicker t = TICKERS.get(loop);
        if (t != null && t.members.remove(c) && t.members.isEmpty()) {
            t.task.cancel(false);
            TICKERS.remove(loop, t);
        }
    }

    private void tick() {
        // a copy: a tick may close its connection, which then leaves
        for (TunnelConnection c : members.toArray(NONE)) {
            c.tick();
        }
    }

    /** Connections ticked on all loops (for tests). */
    static int size() {
        return TICKERS.values().stream().mapToInt(t -> t.members.size()).sum();
    }
}
