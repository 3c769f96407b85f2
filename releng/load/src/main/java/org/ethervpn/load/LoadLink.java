package org.ethervpn.load;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.ethervpn.client.ClientSession;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * What one generated session is plugged into. An ordinary session sends a test frame to the echo
 * session now and then and counts the answers; the echo session sends every test frame back.
 */
final class LoadLink implements SessionLink {
    /** Frames the echo session may have waiting; beyond that it drops (and counts) them. */
    private static final int ECHO_QUEUE = 65536;

    /** Counters shared by every link of a run. */
    static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder echoed = new LongAdder();
        final LongAdder echoDropped = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder otherFrames = new LongAdder();
        final Latencies roundTrips = new Latencies();
    }

    private final int index;
    private final boolean echo;
    private final Counters counters;
    private final Queue<ByteBuf> out = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile ClientSession session;
    private volatile CompletableFuture<Void> answer;
    private int seq;

    LoadLink(int index, boolean echo, Counters counters) {
        this.index = index;
        this.echo = echo;
        this.counters = counters;
    }

    int index() {
        return index;
    }

    void attach(ClientSession s) {
        session = s;
    }

    ClientSession session() {
        return session;
    }

    /** Queues a frame from this session (its first makes the hub learn its MAC); completes on the echo's answer. */
    CompletableFuture<Void> ping(ByteBufAllocator alloc) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        answer = f;
        counters.sent.increment();
        send(Frames.build(alloc, Frames.ECHO, index, ++seq, System.nanoTime()));
        return f;
    }

    void send(ByteBuf frame) {
        queued.incrementAndGet();
        out.offer(frame);
        wake();
    }

    private void wake() {
        ClientSession s = session;
        TunnelSession t = s == null ? null : s.tunnel();
        if (t != null) {
            t.wakeup();
        }
    }

    @Override
    public void received(List<ByteBuf> frames) {
        boolean reflected = false;
        for (ByteBuf f : frames) {
            if (!Frames.isOurs(f) || Frames.destination(f) != index) {
                counters.otherFrames.increment();
                f.release();
            } else if (echo) {
                if (queued.get() >= ECHO_QUEUE) {
                    counters.echoDropped.increment();
                    f.release();
                } else {
                    counters.echoed.increment();
                    queued.incrementAndGet();
                    out.offer(Frames.reflect(f));
                    reflected = true;
                }
            } else {
                counters.answered.increment();
                counters.roundTrips.add(System.nanoTime() - Frames.sentNanos(f));
                f.release();
                CompletableFuture<Void> a = answer;
                if (a != null) {
                    a.complete(null);
                }
            }
        }
        if (reflected) {
            wake();
        }
    }

    @Override
    public int drainTo(List<? super ByteBuf> to, int max) {
        int n = 0;
        for (ByteBuf f; n < max && (f = out.poll()) != null; n++) {
            to.add(f);
        }
        queued.addAndGet(-n);
        return n;
    }

    /** Frees frames that never left (the session is closed). */
    void discard() {
        for (ByteBuf f; (f = out.poll()) != null; ) {
            f.release();
        }
    }
}
