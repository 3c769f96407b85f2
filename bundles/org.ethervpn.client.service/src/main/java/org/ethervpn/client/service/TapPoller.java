package org.ethervpn.client.service;

import java.util.function.BiConsumer;

import org.ethervpn.api.adapter.VirtualAdapter;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

/**
 * An adapter's descriptor watched by a session's epoll event loop: a frame from the TAP is read, encrypted and sent
 * by that one thread, instead of waking the adapter's reader thread and then the event loop (two wake-ups of about
 * 100-300 µs each on a small VM, paid by every frame of an idle tunnel). Level-triggered: what one event leaves in
 * the descriptor makes the next loop iteration read again, so a busy tunnel shares its loop fairly.
 */
final class TapPoller implements EpollIoHandle {
    /** Batches read per readiness event before the loop's other work gets its turn. */
    private static final int BATCHES_PER_EVENT = 4;

    private final VirtualAdapter adapter;
    private final EventLoop loop;
    private final BiConsumer<TapPoller, String> lost;
    private final Fd fd;
    private volatile IoRegistration registration;
    private volatile boolean stopped;

    private TapPoller(VirtualAdapter adapter, EventLoop loop, int descriptor, BiConsumer<TapPoller, String> lost) {
        this.adapter = adapter;
        this.loop = loop;
        this.fd = new Fd(descriptor);
        this.lost = lost;
    }

    /** Whether {@code loop} is an epoll loop that can watch {@code adapter}'s descriptor. */
    static boolean canPoll(VirtualAdapter adapter, EventLoop loop) {
        return loop instanceof IoEventLoop io && io.isCompatible(EpollIoHandle.class) && adapter.pollDescriptor() >= 0;
    }

    /**
     * Starts watching on {@code loop} (call {@link #canPoll} first); {@code lost} runs if that fails or the loop shuts
     * down, so the caller hands reading back to the adapter's thread.
     */
    static TapPoller start(VirtualAdapter adapter, EventLoop loop, BiConsumer<TapPoller, String> lost) {
        TapPoller p = new TapPoller(adapter, loop, adapter.pollDescriptor(), lost);
        ((IoEventLoop) loop).register(p).addListener(f -> {
            if (!f.isSuccess()) {
                lost.accept(p, "cannot register with it: " + f.cause());
                return;
            }
            IoRegistration r = (IoRegistration) f.getNow();
            p.registration = r;
            if (p.stopped) {
                r.cancel(); // stopped before the registration completed
                return;
            }
            r.submit(EpollIoOps.EPOLLIN);
        });
        return p;
    }

    EventLoop loop() {
        return loop;
    }

    /** Stops watching (epoll forgets the descriptor before this returns, when registered); idempotent. */
    void stop() {
        stopped = true;
        IoRegistration r = registration;
        if (r != null) {
            r.cancel();
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (stopped) {
            return;
        }
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        for (int i = 0; i < BATCHES_PER_EVENT && !stopped; i++) {
            int n = adapter.readReady();
            if (n < 0) {
                fd.gone = true; // closed under us: its number may be reused, so no epoll_ctl(DEL) on it
                stop();
                return;
            }
            if (n == 0) {
                if (i == 0 && !ops.contains(EpollIoOps.EPOLLIN)) {
                    // an error or hang-up nothing can be read past (a TAP whose device was deleted says EPOLLERR):
                    // level-triggered, it would wake the loop again at once, forever
                    stop();
                    lost.accept(this, "the adapter's descriptor reports an error or hang-up");
                }
                return;
            }
        }
    }

    /** Netty calls this when the loop shuts down (the transport plugin went away): reading goes back to the adapter. */
    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            lost.accept(this, "it shut down");
        }
    }

    /** The adapter's descriptor as Netty sees it: never closed by Netty (the adapter owns it). */
    private static final class Fd extends FileDescriptor {
        volatile boolean gone;

        Fd(int fd) {
            super(fd);
        }

        /** Once the adapter closed it, a late cancel must not remove whatever reuses the number from epoll. */
        @Override
        public boolean isOpen() {
            return !gone;
        }

        @Override
        public void close() {
            // the adapter's to close
        }
    }
}
