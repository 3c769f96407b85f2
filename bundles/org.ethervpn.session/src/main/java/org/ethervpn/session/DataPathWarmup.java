package org.ethervpn.session;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.protocol.ConnectionDirection;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Frames through two tunnel sessions joined in memory, run once when a runtime starts, so that the JIT has compiled
 * the per-frame path (the session's drain, the tunnel encoder, the TLS engines with AES-GCM, the decoder, the
 * receiving connection) before the first real session needs it: a freshly started JVM otherwise runs its first
 * session's first seconds interpreted (releng/bench/README.md, "Cold start"). With the runtime's transports
 * ({@link Loopback}) the two sessions talk over a real TCP connection on the loopback interface, which also compiles
 * the event loops' socket code (most of what a cold JVM interprets per frame); without, or when the loopback cannot
 * be used, they are embedded channels whose output is handed over as the other's input. No real key (a throw-away
 * one).
 *
 * <p>Traffic as a bulk TCP transfer and an interactive one make it: a round is full-size frames and one super-frame
 * one way with small acknowledgement-sized frames back, then {@link #PINGS} lone small frames each way, one at a time
 * (an idle tunnel's ping: single reads and writes, which a bulk transfer alone would leave cold).
 */
public final class DataPathWarmup {
    /** Frames per round one way (about what one TAP read batch gives), the last a super-frame; two come back. */
    static final int BULK_BATCH = 32;
    static final int ACKS = 2;
    /** Lone small frames per round, each way, each waited for before the next. */
    static final int PINGS = 8;
    private static final long DELIVERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String HOST = "warmup.invalid";
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** What a run carried: frames and bytes delivered (both ways) in {@code millis} of wall time. */
    public record Result(String carriage, long frames, long bytes, long millis) {
    }

    /**
     * The runtime's own transports (the TCP plugin's), for a warm-up over a real loopback connection.
     *
     * @since 1.4
     */
    public record Loopback(ServerTransport server, ClientTransport client) {
        public Loopback {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(client, "client");
        }
    }

    private DataPathWarmup() {
    }

    /**
     * Runs rounds of frames in memory (embedded channels) until the calling thread has spent {@code cpuBudgetMillis}
     * of CPU time on them; see {@link #run(CipherSuiteProvider, Loopback, long, BooleanSupplier)}.
     */
    public static Result run(CipherSuiteProvider cipher, long cpuBudgetMillis, BooleanSupplier stop)
            throws GeneralSecurityException {
        return run(cipher, null, cpuBudgetMillis, stop);
    }

    /**
     * Runs rounds of frames (at least one) over TLS with {@code cipher}'s engines, or without TLS (a session with
     * encryption off) when {@code cipher} is null, until the budget is spent or {@code stop} says so. Over
     * {@code loopback} (a real connection; in memory when null or when the loopback fails, which the result's
     * carriage says) the budget is wall time: the work runs on the event loops. In memory it is the calling
     * thread's CPU time, because the JIT compiles what ran often enough, whatever the machine's load; capped at four
     * times that in wall time (a starved machine). The set-up (a key, a connection, a TLS handshake) comes on top.
     * Blocks: call it on a thread of its own.
     *
     * @throws GeneralSecurityException when the throw-away key cannot be made
     * @throws IllegalStateException when the path loses frames or fails its TLS handshake (a defect)
     * @since 1.4
     */
    public static Result run(CipherSuiteProvider cipher, Loopback loopback, long budgetMillis, BooleanSupplier stop)
            throws GeneralSecurityException {
        long start = System.nanoTime();
        Pair pair = Pair.open(cipher, loopback);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = pair.embedded && threads.isCurrentThreadCpuTimeSupported()
                && threads.isThreadCpuTimeEnabled();
        try {
            long budget = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
            long cpu0 = cpuClock ? threads.getCurrentThreadCpuTime() : 0;
            long wall0 = System.nanoTime();
            while (!stop.getAsBoolean()) {
                pair.round();
                long wall = System.nanoTime() - wall0;
                if (wall >= (pair.embedded ? 4 * budget : budget)
                        || (cpuClock ? threads.getCurrentThreadCpuTime() - cpu0 : wall) >= budget) {
                    break;
                }
            }
        } finally {
            pair.close();
        }
        return new Result(pair.carriage, pair.delivered(), pair.sink.bytes() + pair.source.bytes(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * {@link #run(CipherSuiteProvider, long, BooleanSupplier)} on a thread of its own; see
     * {@link #inBackground(Supplier, Loopback, long, Consumer, Runnable)}.
     */
    public static AutoCloseable inBackground(Supplier<CipherSuiteProvider> cipher, long cpuBudgetMillis,
            Consumer<String> report) {
        return inBackground(cipher, null, cpuBudgetMillis, report, () -> { });
    }

    /**
     * {@link #run(CipherSuiteProvider, Loopback, long, BooleanSupplier)} on a daemon thread of its own with the
     * cipher {@code cipher} supplies then (null: without TLS); {@code report} hears one line when it ends, or why it
     * failed, and {@code then} runs after it (whatever the outcome) unless the handle was closed first. Closing the
     * handle stops it. Once per JVM (what the JIT compiled serves every runtime in it: the server runtime also holds
     * the client service), so a second call only runs {@code then}.
     *
     * @since 1.4
     */
    public static AutoCloseable inBackground(Supplier<CipherSuiteProvider> cipher, Loopback loopback,
            long budgetMillis, Consumer<String> report, Runnable then) {
        if (!STARTED.compareAndSet(false, true)) {
            then.run();
            return () -> { };
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                Result r = run(cipher.get(), loopback, budgetMillis, stop::get);
                report.accept(String.format("Data path warmed up (%s): %d frames, %.1f MB in %d ms", r.carriage(),
                        r.frames(), r.bytes() / 1e6, r.millis()));
            } catch (GeneralSecurityException | RuntimeException e) {
                report.accept("Data path warm-up failed (the first session starts cold): " + e);
            }
            if (!stop.get()) {
                then.run();
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
        /** Embedded channels: this thread moves the bytes; else a real connection does. */
        final boolean embedded;
        final WarmupTraffic source = new WarmupTraffic(true);
        final WarmupTraffic sink = new WarmupTraffic(false);
        final TunnelSession clientSession;
        final TunnelSession serverSession;
        Channel client;
        Channel server;

        private Pair(String carriage, boolean embedded) {
            this.carriage = carriage;
            this.embedded = embedded;
            SessionParameters parameters = new SessionParameters(1, true, false, false, false, 20_000, true);
            SessionListener quiet = (s, c, reason, remaining) -> { };
            clientSession = new TunnelSession("warmup-client", parameters, false, source, quiet, null, null);
            serverSession = new TunnelSession("warmup-server", parameters, true, sink, quiet, null, null);
        }

        /** Over the loopback if given and it works, else in memory. */
        static Pair open(CipherSuiteProvider cipher, Loopback loopback) throws GeneralSecurityException {
            String fallback = "";
            if (loopback != null) {
                try {
                    return sockets(loopback, cipher);
                } catch (IOException e) {
                    fallback = ", in memory: " + e.getMessage();
                }
            }
            if (cipher == null) {
                return new Pair("plain" + fallback, true).attach(new EmbeddedChannel(), new EmbeddedChannel(), "none");
            }
            return tls(cipher, fallback);
        }

        private static SSLEngine clientEngine(CipherSuiteProvider cipher) throws GeneralSecurityException {
            return cipher.newClientEngine(HOST, 443, new ServerTrust.AnyCertificate());
        }

        private static SSLEngine serverEngine(CipherSuiteProvider cipher) throws GeneralSecurityException {
            // the engines two EtherVPN peers use (BoringSSL with the modern plugin), not those for SoftEther peers
            return cipher.newServerEngine(WarmupIdentity.create(HOST), List.of(),
                    List.of(CipherSuiteProvider.ETHERVPN_ALPN));
        }

        /**
         * Each end gets its TLS handler and its session when it becomes active, before anything is read; the
         * sessions' first keep-alives wait in the TLS handlers for the handshake. Both ends heard a keep-alive:
         * tunnel mode.
         */
        private static Pair sockets(Loopback loopback, CipherSuiteProvider cipher)
                throws IOException, GeneralSecurityException {
            Pair p = new Pair((cipher == null ? "plain" : cipher.name()) + " over loopback TCP", false);
            SSLEngine clientEngine = cipher == null ? null : clientEngine(cipher);
            SSLEngine serverEngine = cipher == null ? null : serverEngine(cipher);
            String tls = cipher == null ? "none" : cipher.name();
            AtomicReferenceArray<TunnelConnection> ends = new AtomicReferenceArray<>(2);
            WarmupChannels channels;
            try {
                channels = WarmupChannels.connect(loopback.server(), loopback.client(), ch -> {
                    if (clientEngine != null) {
                        ch.pipeline().addLast(new SslHandler(clientEngine));
                    }
                    ends.set(0, p.clientSession.attach(ch, ConnectionDirection.BOTH, "warmup-client", tls));
                }, ch -> {
                    if (serverEngine != null) {
                        ch.pipeline().addLast(new SslHandler(serverEngine));
                    }
                    ends.set(1, p.serverSession.attach(ch, ConnectionDirection.BOTH, "warmup-server", tls));
                });
            } catch (IOException e) {
                p.close(); // a session may have an end attached already
                throw e;
            }
            p.client = channels.client();
            p.server = channels.server();
            long deadline = System.nanoTime() + DELIVERY_TIMEOUT_NANOS;
            while (!(heard(ends.get(0)) && heard(ends.get(1))) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(100_000);
            }
            if (!(heard(ends.get(0)) && heard(ends.get(1)))) {
                p.close();
                throw new IOException("the warm-up sessions did not enter tunnel mode over the loopback");
            }
            return p;
        }

        private static boolean heard(TunnelConnection c) {
            return c != null && c.receivedAny();
        }

        private static Pair tls(CipherSuiteProvider cipher, String fallback) throws GeneralSecurityException {
            SSLEngine serverEngine = serverEngine(cipher);
            SslHandler clientTls = new SslHandler(clientEngine(cipher));
            SslHandler serverTls = new SslHandler(serverEngine);
            Pair p = new Pair(cipher.name() + fallback, true);
            p.client = new EmbeddedChannel(clientTls);
            p.server = new EmbeddedChannel(serverTls);
            for (int i = 0; i < 50
                    && !(clientTls.handshakeFuture().isDone() && serverTls.handshakeFuture().isDone()); i++) {
                p.exchange();
            }
            if (!clientTls.handshakeFuture().isSuccess() || !serverTls.handshakeFuture().isSuccess()) {
                p.close();
                throw new IllegalStateException("warm-up TLS handshake failed: " + clientTls.handshakeFuture().cause()
                        + " / " + serverTls.handshakeFuture().cause());
            }
            return p.attach(p.client, p.server,
                    serverEngine.getSession().getProtocol() + " " + serverEngine.getSession().getCipherSuite());
        }

        /** In memory: the sessions on the embedded channels. */
        private Pair attach(Channel c, Channel s, String tls) {
            client = c;
            server = s;
            clientSession.attach(client, ConnectionDirection.BOTH, "warmup-client", tls);
            serverSession.attach(server, ConnectionDirection.BOTH, "warmup-server", tls);
            return this;
        }

        long delivered() {
            return sink.frames() + source.frames();
        }

        /**
         * A batch of bulk frames and a super-frame from the client with acknowledgements back, then lone small frames
         * each way, one at a time; all delivered.
         */
        void round() {
            long expected = delivered() + BULK_BATCH + ACKS;
            source.send(BULK_BATCH, false);
            sink.send(ACKS, false);
            clientSession.wakeup();
            serverSession.wakeup();
            await(expected);
            for (int i = 0; i < PINGS; i++) {
                source.send(1, true);
                clientSession.wakeup();
                await(++expected);
                sink.send(1, true);
                serverSession.wakeup();
                await(++expected);
            }
        }

        /** Until {@code expected} frames have been delivered in all; in memory this thread moves them. */
        private void await(long expected) {
            if (embedded) {
                exchange();
            } else {
                long deadline = System.nanoTime() + DELIVERY_TIMEOUT_NANOS;
                while (delivered() < expected && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(20_000);
                }
            }
            long delivered = delivered();
            if (delivered != expected) {
                throw new IllegalStateException("the warm-up path delivered " + delivered + " frames where "
                        + expected + " were due (" + carriage + "; still to send " + source.pending() + " / "
                        + sink.pending() + ")");
            }
        }

        /** In memory: runs both sides' tasks and hands each side's output to the other until nothing moves. */
        void exchange() {
            EmbeddedChannel c = (EmbeddedChannel) client;
            EmbeddedChannel s = (EmbeddedChannel) server;
            for (int i = 0; i < 8; i++) {
                c.runPendingTasks();
                s.runPendingTasks();
                if (move(c, s) + move(s, c) == 0) {
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
            clientSession.close("warm-up done");
            serverSession.close("warm-up done");
            if (client instanceof EmbeddedChannel c) {
                c.finishAndReleaseAll();
            } else if (client != null) {
                client.close();
            }
            if (server instanceof EmbeddedChannel s) {
                s.finishAndReleaseAll();
            } else if (server != null) {
                server.close();
            }
        }
    }
}
