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
import io.netty.channel.EventLoop;

/**
 * A virtual network adapter and the session it is plugged into. Frames the adapter delivers (in batches: from
 * its reader thread, or, once a session carries frames, read by that session's epoll event loop itself, see
 * {@link TapPoller}) are copied into pooled buffers and queued for the session, which pulls them
 * on its event loops; the queue is bounded and takes one lock per batch, not per frame. Frames from
 * the session are written to the adapter at once (a TAP write does not block: the kernel queues or
 * drops). With no session attached, frames from the adapter are dropped and counted.
 *
 * <p>Super-frames: when the adapter supports offloads (a Linux TAP), the login offers super-frames; while the
 * session agreed, the adapter's offloads are on, so TCP through the tunnel moves in segments of up to 64 KiB
 * (one TAP read, one tunnel block, one TAP write each) instead of ~45 frames; with any other session they are off.
 */
final class Nic implements SessionLink, VirtualAdapter.FrameReceiver, AutoCloseable {
    /** About 1.5 MB of full-size frames: enough to ride out a burst, small enough to bound the delay. */
    static final int QUEUE_FRAMES = 1024;
    /** With super-frames 1024 frames could be 64 MiB: bytes are bounded too (about 64 super-frames). */
    static final int QUEUE_BYTES = 4 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(Nic.class.getName());

    private final String name;
    private final VirtualAdapter adapter;
    private final ByteBufAllocator alloc;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(QUEUE_FRAMES);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder writeErrors = new LongAdder();
    private volatile Supplier<TunnelSession> session;
    private volatile String owner;
    private final boolean offloadable;
    /** Whether the session's event loop may read the adapter ({@link TapPoller}) instead of its reader thread. */
    private final boolean pollOnLoop;
    private final Object pollGuard = new Object();
    private volatile TapPoller poller; // under pollGuard
    /** Whether the adapter's offloads are on; changed in {@link #frames} only (one batch at a time). */
    private boolean offloads;
    private int queuedBytes; // under lock

    Nic(String name, VirtualAdapter adapter, ByteBufAllocator alloc) {
        this(name, adapter, alloc, true);
    }

    /** @param pollOnLoop whether a session's epoll event loop reads the adapter once it carries frames */
    Nic(String name, VirtualAdapter adapter, ByteBufAllocator alloc, boolean pollOnLoop) {
        this.name = name;
        this.adapter = adapter;
        this.alloc = alloc;
        this.pollOnLoop = pollOnLoop;
        this.offloadable = probeOffloads(adapter);
        adapter.startReceiving(this);
    }

    /** Whether the adapter can switch offloads (left off). */
    private static boolean probeOffloads(VirtualAdapter adapter) {
        try {
            return adapter.setOffloads(true) && !adapter.setOffloads(false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "adapter {0} without offloads (no super-frames): {1}",
                    adapter.interfaceName(), e.getMessage());
            return false;
        }
    }

    @Override
    public boolean offersSuperFrames() {
        return offloadable;
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
        if (pollOnLoop) {
            follow(target);
        }
        boolean superFrames = target.parameters().superFrames();
        if (superFrames != offloads) {
            switchOffloads(superFrames);
        }
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                ByteBuffer f = frames[i];
                int len = f.remaining();
                if (queue.size() >= QUEUE_FRAMES || queuedBytes + len > QUEUE_BYTES && !queue.isEmpty()) {
                    dropped.add(count - i);
                    break;
                }
                ByteBuf copy;
                if (len > VirtualAdapter.SUPER_FRAME_THRESHOLD) {
                    if (!superFrames) {
                        dropped.increment(); // read before the offloads went off: the peer could not take it
                        continue;
                    }
                    // a super-frame: its header (right before the view) goes along, in front of the reader index
                    copy = alloc.directBuffer(VirtualAdapter.VNET_HEADER_LENGTH + len);
                    f.position(f.position() - VirtualAdapter.VNET_HEADER_LENGTH);
                    copy.writeBytes(f);
                    copy.readerIndex(VirtualAdapter.VNET_HEADER_LENGTH);
                } else {
                    copy = alloc.directBuffer(len);
                    copy.writeBytes(f);
                }
                queuedBytes += len;
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
                queuedBytes -= f.readableBytes();
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
                // a super-frame (only a session that agreed delivers one, and it agreed because the adapter can write
                // it) or a plain frame, from its native memory: no view object per frame
                adapter.writeFrame(f);
            } catch (IOException | UnsupportedOperationException e) {
                writeErrors.increment();
            } finally {
                f.release();
            }
        }
    }

    /**
     * Hands reading to the event loop of {@code target}'s first connection, when that is an epoll loop (once per
     * session: a reconnect may land on another loop). Until then, and if that fails, the adapter's thread reads.
     */
    private void follow(TunnelSession target) {
        TapPoller p = poller;
        EventLoop home = target.homeLoop();
        if (home == null || p != null && p.loop() == home || !TapPoller.canPoll(adapter, home)) {
            return;
        }
        synchronized (pollGuard) {
            p = poller;
            if (p != null && p.loop() == home) {
                return;
            }
            if (p != null) {
                p.stop();
            }
            adapter.pollExternally(true);
            poller = TapPoller.start(adapter, home, this::pollerLost);
            LOG.log(System.Logger.Level.INFO, "adapter {0}: read by the session''s event loop {1}", adapter.interfaceName(),
                    home);
        }
    }

    /** The poller could not register or its loop shut down: the adapter's thread reads again. */
    private void pollerLost(TapPoller p, String why) {
        synchronized (pollGuard) {
            if (poller == p) {
                poller = null;
                adapter.pollExternally(false);
                LOG.log(System.Logger.Level.INFO, "adapter {0}: read by its own thread again (event loop {1}: {2})",
                        adapter.interfaceName(), p.loop(), why);
            }
        }
    }

    private void stopPolling() {
        synchronized (pollGuard) {
            TapPoller p = poller;
            poller = null;
            if (p != null) {
                p.stop(); // before the adapter closes its descriptor
            }
        }
    }

    /** Offloads follow the session (on only while it carries super-frames). */
    private void switchOffloads(boolean on) {
        offloads = on;
        try {
            adapter.setOffloads(on && offloadable);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "adapter {0}: {1}", adapter.interfaceName(), e.getMessage());
        }
    }

    private void clear() {
        lock.lock();
        try {
            ByteBuf f;
            while ((f = queue.poll()) != null) {
                f.release();
            }
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        detach();
        stopPolling();
        try {
            adapter.close();
        } catch (IOException e) {
            // the device goes away with the descriptor anyway
        }
    }
}
