package org.ethervpn.hub;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;

/**
 * One port of a {@link VirtualHub}: a VPN session, cascade link or local bridge. Frames switched to
 * it wait in a bounded queue until its owner {@linkplain #drainTo drains} them; when the queue is
 * full, frames for this port alone are dropped and counted, so a slow peer never stalls the hub or
 * the sender.
 *
 * <p>The owner does not poll: the hub runs the port's wakeup hook when a frame arrives in a queue
 * that the owner has not been woken for since its last drain. The hook runs on the forwarding
 * thread (any event loop), so it must be quick and must not block, typically
 * {@code eventLoop.execute(drainTask)}. Counters are {@link LongAdder}s because frames into one
 * port come from many event loops at once (every other port's, and a session's several TCP
 * connections may sit on several loops); an uncontended adder costs one CAS.
 */
public final class HubPort implements AutoCloseable {
    private final VirtualHub hub;
    private final long id;
    private final PortConfig config;
    private final Runnable wakeup;
    private final FrameRing<ByteBuf> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    /** True from a wakeup until the owner starts draining: coalesces wakeups to one per drain. */
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicInteger macCount = new AtomicInteger();
    private volatile boolean open = true;

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder bytesDropped = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private final LongAdder wakeupFailures = new LongAdder();

    HubPort(VirtualHub hub, long id, PortConfig config, Runnable wakeup) {
        this.hub = hub;
        this.id = id;
        this.config = Objects.requireNonNull(config, "config");
        this.wakeup = wakeup;
        this.queue = new FrameRing<>(config.queueFrames());
    }

    public long id() {
        return id;
    }

    public String name() {
        return config.name();
    }

    public PortKind kind() {
        return config.kind();
    }

    public PortConfig config() {
        return config;
    }

    public VirtualHub hub() {
        return hub;
    }

    /** False once the port has left the hub. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Moves up to {@code max} queued frames, oldest first, into {@code out}; the caller owns them and
     * must release them. Call it from the owner's thread in response to the wakeup hook. When frames
     * remain after {@code max}, the hook runs again so the owner comes back after yielding to others.
     *
     * @return the number of frames added
     */
    public int drainTo(List<? super ByteBuf> out, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1: " + max);
        }
        // Clear before polling: a frame offered from now on either is polled below or wakes us again.
        woken.set(false);
        int n = 0;
        long bytes = 0;
        ByteBuf frame;
        while (n < max && (frame = queue.poll()) != null) {
            bytes += frame.readableBytes();
            n++;
            out.add(frame);
        }
        if (n > 0) {
            queuedBytes.addAndGet(-bytes);
            framesOut.add(n);
            bytesOut.add(bytes);
        }
        if (n == max && !queue.isEmpty()) {
            wake();
        }
        return n;
    }

    /** Frames waiting in the queue. */
    public int queuedFrames() {
        return queue.size();
    }

    /** Bytes waiting in the queue. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** MAC addresses the hub currently has learned on this port. */
    public int macCount() {
        return macCount.get();
    }

    public PortCounters counters() {
        return new PortCounters(framesIn.sum(), bytesIn.sum(), framesOut.sum(), bytesOut.sum(),
                framesDropped.sum(), bytesDropped.sum(), framesRejected.sum());
    }

    /** Times the wakeup hook threw; the hub keeps going and tries the hook again on the next frame. */
    public long wakeupFailures() {
        return wakeupFailures.sum();
    }

    public PortStatus status() {
        return new PortStatus(id, name(), kind(), macCount(), queuedFrames(), counters());
    }

    /** Leaves the hub: forgets this port's MACs and releases its queued frames. Idempotent. */
    public void leave() {
        hub.leave(this);
    }

    /** Same as {@link #leave()}. */
    @Override
    public void close() {
        leave();
    }

    @Override
    public String toString() {
        return "HubPort(" + hub.name() + "/" + id + " " + name() + ")";
    }

    /** Queues {@code frame} for this port, consuming the caller's reference in every case. */
    void enqueue(ByteBuf frame) {
        int len = frame.readableBytes();
        if (!open) {
            frame.release();
            return;
        }
        long after = queuedBytes.addAndGet(len);
        // An empty queue takes any frame, however large, so a frame over the byte bound is not lost forever.
        if ((after > config.queueBytes() && after != len) || !queue.offer(frame)) {
            queuedBytes.addAndGet(-len);
            framesDropped.increment();
            bytesDropped.add(len);
            frame.release();
            return;
        }
        if (!open) {
            // leave() ran concurrently and may have drained before our offer: discard for it.
            discardQueued();
            return;
        }
        if (woken.compareAndSet(false, true)) {
            wake();
        }
    }

    private void wake() {
        if (wakeup == null) {
            return;
        }
        try {
            wakeup.run();
        } catch (RuntimeException e) {
            // A broken hook must not break the sender's forwarding; re-arm so a later frame retries.
            wakeupFailures.increment();
            woken.set(false);
        }
    }

    void recordIn(int bytes) {
        framesIn.increment();
        bytesIn.add(bytes);
    }

    void recordRejected() {
        framesRejected.increment();
    }

    /** Claims a MAC slot under this port's limit. */
    boolean reserveMac() {
        int limit = config.maxMacs();
        if (limit == 0) {
            macCount.incrementAndGet();
            return true;
        }
        for (;;) {
            int n = macCount.get();
            if (n >= limit) {
                return false;
            }
            if (macCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void releaseMac() {
        macCount.decrementAndGet();
    }

    /** Marks the port closed; false if it already was. */
    boolean markClosed() {
        if (!open) {
            return false;
        }
        open = false;
        return true;
    }

    /** Releases every queued frame, counting each as dropped. */
    void discardQueued() {
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            int len = frame.readableBytes();
            queuedBytes.addAndGet(-len);
            framesDropped.increment();
            bytesDropped.add(len);
            frame.release();
        }
    }
}
