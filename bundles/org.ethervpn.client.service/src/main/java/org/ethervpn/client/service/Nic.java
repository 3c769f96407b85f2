package org.ethervpn.client.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A virtual network adapter and the session it is plugged into. Frames the adapter's reader thread
 * delivers (in batches) are copied into pooled buffers and queued for the session, which pulls them
 * on its event loops; the queue is bounded and takes one lock per batch, not per frame. Frames from
 * the session are written to the adapter at once (a TAP write does not block: the kernel queues or
 * drops). With no session attached, frames from the adapter are dropped and counted.
 */
final class Nic implements SessionLink, VirtualAdapter.FrameReceiver, AutoCloseable {
    /** About 1.5 MB of full-size frames: enough to ride out a burst, small enough to bound the delay. */
    static final int QUEUE_FRAMES = 1024;

    private final String name;
    private final VirtualAdapter adapter;
    private final ByteBufAllocator alloc;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(QUEUE_FRAMES);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private volatile Supplier<TunnelSession> session;
    private volatile String owner;

    Nic(String name, VirtualAdapter adapter, ByteBufAllocator alloc) {
        this.name = name;
        this.adapter = adapter;
        this.alloc = alloc;
        adapter.startReceiving(this);
    }

    String name() {
        return name;
    }

    /** The account using it, or null. */
    String owner() {
        return owner;
    }

    long dropped() {
        return dropped.sum();
    }

    /** Plugs the adapter into whatever session {@code session} returns at the time (it changes on reconnect). */
    void attach(String account, Supplier<TunnelSession> session) {
        this.owner = account;
        this.session = session;
    }

    void detach() {
        this.session = null;
        this.owner = null;
        clear();
    }

    @Override
    public void frames(ByteBuffer[] frames, int count) {
        Supplier<TunnelSession> s = session;
        TunnelSession target = s == null ? null : s.get();
        if (target == null || target.isClosed()) {
            dropped.add(count);
            return;
        }
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                if (queue.size() >= QUEUE_FRAMES) {
                    dropped.add(count - i);
                    break;
                }
                ByteBuffer f = frames[i];
                ByteBuf copy = alloc.directBuffer(f.remaining());
                copy.writeBytes(f);
                queue.add(copy);
            }
        } finally {
            lock.unlock();
        }
        target.wakeup();
    }

    @Override
    public int drainTo(List<? super ByteBuf> out, int max) {
        lock.lock();
        try {
            int n = 0;
            ByteBuf f;
            while (n < max && (f = queue.poll()) != null) {
                out.add(f);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void received(List<ByteBuf> frames) {
        for (ByteBuf f : frames) {
            try {
                adapter.write(f.nioBuffer());
            } catch (IOException e) {
                writeErrors.increment();
            } finally {
                f.release();
            }
        }
    }

    private void clear() {
        lock.lock();
        try {
            ByteBuf f;
            while ((f = queue.poll()) != null) {
                f.release();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        detach();
        try {
            adapter.close();
        } catch (IOException e) {
            // the device goes away with the descriptor anyway
        }
    }
}
