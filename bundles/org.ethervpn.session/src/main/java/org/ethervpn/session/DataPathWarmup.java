package org.ethervpn.session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.SuperFrames;
import org.ethervpn.protocol.TunnelLimits;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Frames through two tunnel sessions joined in memory, run once when a runtime starts, so that the JIT has compiled
 * the per-frame path (the session's drain, the tunnel encoder, the TLS engines with AES-GCM, the decoder, the
 * receiving connection) before the first real session needs it: a freshly started JVM otherwise runs its first
 * session's first seconds interpreted (releng/bench/README.md, "Cold start"). The connections are embedded channels
 * whose output is handed over as the other's input; no socket, no real key (a throw-away one).
 *
 * <p>Traffic as a bulk TCP transfer makes it: full-size frames and one super-frame per batch one way, small
 * acknowledgement-sized frames back.
 */
public final class DataPathWarmup {
    /** Frames per round one way (about what one TAP read batch gives), the last a super-frame; two come back. */
    static final int BULK_BATCH = 32;
    static final int ACKS = 2;
    private static final int BULK_FRAME = 1514;
    private static final int ACK_FRAME = 66;
    private static final int SUPER_FRAME = 64_000;
    private static final int GSO_SIZE = 1448;
    private static final String HOST = "warmup.invalid";
    private static final byte[] PAYLOAD = new byte[SUPER_FRAME];
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    static {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = (byte) (i * 31);
        }
    }

    /** What a run carried: frames and bytes delivered (both ways) in {@code millis} of wall time. */
    public record Result(String carriage, long frames, long bytes, long millis) {
    }

    private DataPathWarmup() {
    }

    /**
     * Runs rounds of frames (at least one) until the calling thread has spent {@code cpuBudgetMillis} of CPU time on
     * them, or four times that in wall time has passed (a starved machine), or {@code stop} says so; over TLS with
     * {@code cipher}'s engines, or without TLS (a session with encryption off) when {@code cipher} is null. CPU time,
     * not wall time, because the JIT compiles what ran often enough, so the work done is what counts, whatever the
     * machine's load. The set-up (a key, a TLS handshake) comes on top. Blocks: call it on a thread of its own.
     *
     * @throws GeneralSecurityException when the throw-away key cannot be made
     * @throws IllegalStateException when the in-memory path loses frames or fails its TLS handshake (a defect)
     */
    public static Result run(CipherSuiteProvider cipher, long cpuBudgetMillis, BooleanSupplier stop)
            throws GeneralSecurityException {
        long start = System.nanoTime();
        Pair pair = cipher == null ? Pair.plain() : Pair.tls(cipher);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        try {
            long budget = TimeUnit.MILLISECONDS.toNanos(cpuBudgetMillis);
            long cpu0 = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
            long wall0 = System.nanoTime();
            while (!stop.getAsBoolean()) {
                pair.round();
                long wall = System.nanoTime() - wall0;
                if (wall >= 4 * budget || (cpuClock ? threads.getCurrentThreadCpuTime() - cpu0 : wall) >= budget) {
                    break;
                }
            }
        } finally {
            pair.close();
        }
        long frames = pair.sink.frames + pair.source.frames;
        long bytes = pair.sink.bytes + pair.source.bytes;
        return new Result(pair.carriage, frames, bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * {@link #run} on a daemon thread of its own with the cipher {@code cipher} supplies then (null: without TLS);
     * {@code report} hears one line when it ends, or why it failed. Closing the handle stops it. Once per JVM (what
     * the JIT compiled serves every runtime in it: the server runtime also holds the client service), so a second
     * call does nothing.
     */
    public static AutoCloseable inBackground(Supplier<CipherSuiteProvider> cipher, long cpuBudgetMillis,
            Consumer<String> report) {
        if (!STARTED.compareAndSet(false, true)) {
            return () -> { };
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                Result r = run(cipher.get(), cpuBudgetMillis, stop::get);
                report.accept(String.format("Data path warmed up (%s): %d frames, %.1f MB in %d ms", r.carriage(),
                        r.frames(), r.bytes() / 1e6, r.millis()));
            } catch (GeneralSecurityException | RuntimeException e) {
                report.accept("Data path warm-up failed (the first session starts cold): " + e);
            }
        }, "ethervpn-warmup");
        t.setDaemon(true);
        t.start();
        return () -> {
            stop.set(true);
            t.join(2000);
        };
    }

    /** Two sessions (a client's and a server's), one connection each. */
    private static final class Pair {
        final String carriage;
        final EmbeddedChannel client;
        final EmbeddedChannel server;
        final Traffic source = new Traffic(true);
        final Traffic sink = new Traffic(false);
        TunnelSession clientSession;
        TunnelSession serverSession;

        private Pair(String carriage, EmbeddedChannel client, EmbeddedChannel server) {
            this.carriage = carriage;
            this.client = client;
            this.server = server;
        }

        static Pair plain() {
            return new Pair("plain", new EmbeddedChannel(), new EmbeddedChannel()).attach("none");
        }

        static Pair tls(CipherSuiteProvider cipher) throws GeneralSecurityException {
            // the engines two EtherVPN peers use (BoringSSL with the modern plugin), not those for SoftEther peers
            SSLEngine serverEngine = cipher.newServerEngine(WarmupIdentity.create(HOST), List.of(),
                    List.of(CipherSuiteProvider.ETHERVPN_ALPN));
            SslHandler clientTls = new SslHandler(cipher.newClientEngine(HOST, 443, new ServerTrust.AnyCertificate()));
            SslHandler serverTls = new SslHandler(serverEngine);
            Pair p = new Pair(cipher.name(), new EmbeddedChannel(clientTls), new EmbeddedChannel(serverTls));
            for (int i = 0; i < 50 && !(clientTls.handshakeFuture().isDone() && serverTls.handshakeFuture().isDone()); i++) {
                p.exchange();
            }
            if (!clientTls.handshakeFuture().isSuccess() || !serverTls.handshakeFuture().isSuccess()) {
                p.close();
                throw new IllegalStateException("warm-up TLS handshake failed: " + clientTls.handshakeFuture().cause()
                        + " / " + serverTls.handshakeFuture().cause());
            }
            return p.attach(serverEngine.getSession().getProtocol() + " " + serverEngine.getSession().getCipherSuite());
        }

        private Pair attach(String tls) {
            SessionParameters parameters = new SessionParameters(1, true, false, false, false, 20_000, true);
            SessionListener quiet = (s, c, reason, remaining) -> { };
            clientSession = new TunnelSession("warmup-client", parameters, false, source, quiet, null, null);
            serverSession = new TunnelSession("warmup-server", parameters, true, sink, quiet, null, null);
            clientSession.attach(client, ConnectionDirection.BOTH, "warmup-client", tls);
            serverSession.attach(server, ConnectionDirection.BOTH, "warmup-server", tls);
            return this;
        }

        /** One batch of bulk frames and a super-frame from the client, acknowledgements back; all delivered. */
        void round() {
            long before = sink.frames + source.frames;
            source.pending = BULK_BATCH;
            sink.pending = ACKS;
            clientSession.wakeup();
            serverSession.wakeup();
            exchange();
            long delivered = sink.frames + source.frames - before;
            if (delivered != BULK_BATCH + ACKS) {
                throw new IllegalStateException("the warm-up path delivered " + delivered + " of " + (BULK_BATCH + ACKS)
                        + " frames");
            }
        }

        /** Runs both sides' tasks and hands each side's output to the other until nothing moves. */
        void exchange() {
            for (int i = 0; i < 8; i++) {
                client.runPendingTasks();
                server.runPendingTasks();
                if (move(client, server) + move(server, client) == 0) {
                    return;
                }
            }
        }

        private static int move(EmbeddedChannel from, EmbeddedChannel to) {
            int n = 0;
            for (Object m; (m = from.readOutbound()) != null; n++) {
                to.pipeline().fireChannelRead(m);
            }
            if (n > 0) {
                to.pipeline().fireChannelReadComplete();
                to.checkException();
                for (Object in; (in = to.readInbound()) != null;) {
                    ReferenceCountUtil.release(in);
                }
            }
            return n;
        }

        void close() {
            if (clientSession != null) {
                clientSession.close("warm-up done");
                serverSession.close("warm-up done");
            }
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    /** One side's link: hands out {@code pending} frames when drained, counts and releases what it receives. */
    private static final class Traffic implements SessionLink {
        private final boolean bulk;
        int pending;
        long frames;
        long bytes;

        Traffic(boolean bulk) {
            this.bulk = bulk;
        }

        @Override
        public void received(List<ByteBuf> in) {
            for (int i = 0; i < in.size(); i++) {
                ByteBuf f = in.get(i);
                frames++;
                bytes += f.readableBytes();
                f.release();
            }
        }

        @Override
        public int drainTo(List<? super ByteBuf> out, int max) {
            int n = Math.min(max, pending);
            ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
            for (int i = 0; i < n; i++) {
                // as a TAP read would: a pooled buffer, the last of a bulk batch a super-frame
                boolean superFrame = bulk && pending == 1;
                out.add(superFrame ? superFrame(alloc) : frame(alloc.ioBuffer(BULK_FRAME), bulk ? BULK_FRAME : ACK_FRAME));
                pending--;
            }
            return n;
        }

        @Override
        public boolean offersSuperFrames() {
            return true;
        }

        /** Ethernet, IPv4 and TCP headers, then a byte pattern, {@code size} bytes in all. */
        private static ByteBuf frame(ByteBuf f, int size) {
            int end = f.writerIndex() + size;
            f.writeInt(0x0200_0000).writeShort(0x0002).writeInt(0x0200_0000).writeShort(0x0001).writeShort(0x0800);
            f.writeByte(0x45).writeByte(0).writeShort(size - 14).writeInt(0).writeByte(64).writeByte(6).writeShort(0)
                    .writeInt(0x0A00_0001).writeInt(0x0A00_0002);
            f.writeShort(40_000).writeShort(5201).writeInt(1).writeInt(1).writeShort(0x5010).writeShort(0xFFFF)
                    .writeShort(0).writeShort(0);
            return f.writeBytes(PAYLOAD, 0, end - f.writerIndex());
        }

        /** A TCPv4 super-frame with its virtio_net_hdr (little-endian) right before the reader index. */
        private static ByteBuf superFrame(ByteBufAllocator alloc) {
            ByteBuf f = alloc.ioBuffer(TunnelLimits.VNET_HEADER + SUPER_FRAME);
            f.writeByte(SuperFrames.F_NEEDS_CSUM).writeByte(SuperFrames.GSO_TCPV4).writeShortLE(54)
                    .writeShortLE(GSO_SIZE).writeShortLE(34).writeShortLE(16);
            frame(f, SUPER_FRAME);
            f.readerIndex(TunnelLimits.VNET_HEADER);
            return f;
        }
    }
}
