package org.ethervpn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.unix.FileDescriptor;

/**
 * A real epoll event loop watching a real descriptor: a pipe stands in for the TAP (each byte written is one "frame"),
 * so the registration, level-triggered reading on the loop's thread, stopping and the loop's shutdown are what runs in
 * the product, without root. The TAP end of it runs in the client namespace tests.
 */
class TapPollerTest {
    private EventLoopGroup group;
    private FileDescriptor[] pipe;
    private PipeAdapter adapter;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Epoll.isAvailable(), () -> "epoll: " + Epoll.unavailabilityCause());
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        pipe = FileDescriptor.pipe();
        adapter = new PipeAdapter(pipe[0]);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    void framesAreReadOnTheLoopUntilStopped() throws Exception {
        EventLoop loop = group.next();
        assertTrue(TapPoller.canPoll(adapter, loop));
        CopyOnWriteArrayList<String> lost = new CopyOnWriteArrayList<>();
        TapPoller poller = TapPoller.start(adapter, loop, (p, why) -> lost.add(why));
        send(3);
        awaitFrames(3);
        String loopThread = loop.submit(() -> Thread.currentThread().getName()).get();
        assertEquals(Set.of(loopThread), adapter.threads, "read by the loop's own thread");

        // one frame per readReady() and four per event: the rest is read because the descriptor stays readable
        send(25);
        awaitFrames(28);

        poller.stop();
        poller.stop(); // idempotent
        send(2);
        Thread.sleep(300);
        assertEquals(28, adapter.frames.get(), "nothing is read once stopped");
        assertTrue(lost.isEmpty(), "stopping is not losing: " + lost);
    }

    @Test
    void theLoopShuttingDownHandsReadingBack() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        StringBuilder why = new StringBuilder();
        TapPoller.start(adapter, group.next(), (p, reason) -> {
            why.append(reason);
            lost.incrementAndGet();
        });
        send(1);
        awaitFrames(1);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        assertEquals(1, lost.get());
        assertEquals("it shut down", why.toString());
    }

    @Test
    void anAdapterClosedUnderItIsLetGo() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        TapPoller.start(adapter, group.next(), (p, why) -> lost.incrementAndGet());
        adapter.closed = true;
        send(2);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (adapter.calls.get() == 0) {
                Thread.sleep(5);
            }
        });
        int calls = adapter.calls.get();
        send(1);
        Thread.sleep(300);
        assertEquals(calls, adapter.calls.get(), "no readReady() after the adapter said it is closed");
        assertEquals(0, lost.get());
    }

    /** Nothing to read but a hang-up (the pipe's writer closed; a deleted TAP reports an error alike): handed back. */
    @Test
    void aDescriptorThatOnlyReportsAnErrorOrHangUpIsHandedBack() throws Exception {
        CopyOnWriteArrayList<String> lost = new CopyOnWriteArrayList<>();
        TapPoller.start(adapter, group.next(), (p, why) -> lost.add(why));
        send(1);
        awaitFrames(1);
        pipe[1].close();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (lost.isEmpty()) {
                Thread.sleep(5);
            }
        });
        assertEquals(List.of("the adapter's descriptor reports an error or hang-up"), lost);
        int calls = adapter.calls.get();
        Thread.sleep(300);
        assertEquals(calls, adapter.calls.get(), "the loop no longer wakes for it");
    }

    @Test
    void onlyEpollLoopsAndAdaptersWithADescriptor() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertFalse(TapPoller.canPoll(adapter, nio.next()), "an NIO loop cannot watch a descriptor");
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        adapter.descriptor = -1;
        assertFalse(TapPoller.canPoll(adapter, group.next()), "no descriptor");
    }

    private void send(int frames) throws IOException {
        adapter.pending.addAndGet(frames);
        ByteBuffer b = ByteBuffer.allocateDirect(frames);
        b.put(new byte[frames]).flip();
        assertEquals(frames, pipe[1].write(b, 0, frames));
    }

    private void awaitFrames(int n) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (adapter.frames.get() < n) {
                Thread.sleep(5);
            }
        });
        assertEquals(n, adapter.frames.get());
    }

    /** Reads one byte (one "frame") per call, only what was written, so the read never blocks. */
    private static final class PipeAdapter implements VirtualAdapter {
        final FileDescriptor in;
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final ByteBuffer buf = ByteBuffer.allocateDirect(1);
        volatile int descriptor;
        volatile boolean closed;

        PipeAdapter(FileDescriptor in) {
            this.in = in;
            this.descriptor = in.intValue();
        }

        @Override
        public int pollDescriptor() {
            return descriptor;
        }

        @Override
        public int readReady() {
            calls.incrementAndGet();
            if (closed) {
                return -1;
            }
            if (pending.get() == 0) {
                return 0;
            }
            try {
                buf.clear();
                if (in.read(buf, 0, 1) != 1) {
                    return 0;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            pending.decrementAndGet();
            threads.add(Thread.currentThread().getName());
            frames.incrementAndGet();
            return 1;
        }

        @Override
        public String interfaceName() {
            return "pipe";
        }

        @Override
        public int maxFrameSize() {
            return 1514;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(ByteBuffer frame) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
