package org.ethervpn.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;

import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.hub.VirtualHub;
import org.ethervpn.protocol.SuperFrames;
import org.ethervpn.protocol.TunnelBlock;
import org.ethervpn.protocol.TunnelDecoder;
import org.ethervpn.protocol.TunnelEncoder;
import org.ethervpn.protocol.TunnelLimits;
import org.ethervpn.testsupport.TestIdentities;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One direction of the data path in memory: frames written to a {@link TunnelEncoder}, through a
 * real TLS engine pair (the "modern" cipher plugin with Netty's {@link SslHandler} on both ends:
 * {@code tls} BoringSSL as between EtherVPN peers, {@code tls-jdk} the JDK's engines, TLS 1.3) or
 * no TLS ({@code plain}: a session with encryption off), into a
 * {@link TunnelDecoder}, then {@link VirtualHub#forward} from port A to port B (a learned unicast
 * MAC), drained from B and released. No sockets: two {@link EmbeddedChannel}s whose outbound
 * buffers are handed over as inbound reads.
 *
 * <p>The data path runs on a thread of Netty's own kind (a {@code FastThreadLocalThread}, as an event loop is):
 * Netty's recycler, which the decoder's frame and block objects come from, pools on such threads only. One
 * invocation hands it {@link #ROUNDS} batches of {@link #BATCH} frames each (one flush, as a client sends what
 * its TAP read gave it) and waits, so the hand-over is shared by {@code ROUNDS x BATCH} frames; JMH's ops/s are
 * frames/s and {@code gc.alloc.rate.norm} is bytes per frame. A batch where B does not get every frame fails the
 * run: drops must not pass as speed.
 *
 * <p>{@code 65536}: a "super-frame" (issue 15 item 5) through encoder and decoder with limits raised
 * to fit it; SoftEther's limits ({@link TunnelLimits#DEFAULT}, 1600 bytes) for every other size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DataPathBenchmark.BATCH * DataPathBenchmark.ROUNDS)
// the launcher's JVM flags (bin/ethervpn), Netty's leak detector off included
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Dio.netty.leakDetection.level=disabled"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DataPathBenchmark {
    /** Frames per flush. */
    static final int BATCH = 32;
    /** Batches per invocation: enough that handing them to the loop thread and back is noise. */
    static final int ROUNDS = 256;
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;

    @Param({"64", "600", "1514", "65536"})
    public int frameSize;

    @Param({"tls", "tls-jdk", "plain"})
    public String carriage;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final List<ByteBuf> drained = new ArrayList<>(BATCH);
    private EmbeddedChannel sender;
    private EmbeddedChannel receiver;
    private VirtualHub hub;
    private HubPort portA;
    private HubPort portB;
    private byte[] frameA;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(new DefaultThreadFactory("perf-loop"));
    private final Callable<Integer> rounds = () -> {
        int n = 0;
        for (int i = 0; i < ROUNDS; i++) {
            n += batch();
        }
        return n;
    };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop.submit(() -> {
            setUpOnLoop();
            return null;
        }).get();
    }

    private void setUpOnLoop() throws Exception {
        TunnelLimits limits = frameSize <= TunnelLimits.MAX_FRAME_SIZE ? TunnelLimits.DEFAULT
                : new TunnelLimits(frameSize, 2 * frameSize, TunnelLimits.MAX_KEEPALIVE_SIZE,
                        TunnelLimits.MAX_FRAMES_PER_BATCH);
        hub = new VirtualHub("PERF");
        // queues that hold a whole batch of the largest frames: the bench measures work, not drops
        PortConfig big = PortConfig.session("a").withQueue(4 * BATCH, 4 * BATCH * (frameSize + 64));
        portA = hub.join(big);
        portB = hub.join(new PortConfig("b", big.kind(), big.queueFrames(), big.queueBytes(), 0));
        frameA = frame(MAC_B, MAC_A, frameSize);
        // B announces its MAC, so A's frames are unicast to B (the learned, common case)
        hub.forward(portB, alloc.ioBuffer(64).writeBytes(frame(MAC_A, MAC_B, 64)));
        drainAndRelease(portA);

        TunnelEncoder encoder = new TunnelEncoder(limits, TunnelEncoder.DEFAULT_BATCH_FRAMES, null, null);
        TunnelDecoder decoder = new TunnelDecoder(limits, null);
        HubFeeder feeder = new HubFeeder(hub, portA);
        if (carriage.startsWith("tls")) {
            // tls: BoringSSL on both ends, as between EtherVPN peers; tls-jdk: the JDK's engines, as
            // the server runs them for SoftEther peers (and everywhere when BoringSSL is off)
            ModernCipherSuites modern = carriage.equals("tls") ? new ModernCipherSuites() : new ModernCipherSuites(false);
            TlsIdentity identity = TestIdentities.selfSigned("perf.invalid");
            SSLEngine serverEngine = modern.newServerEngine(identity, List.of(),
                    List.of(org.ethervpn.api.tls.CipherSuiteProvider.ETHERVPN_ALPN));
            SSLEngine clientEngine = modern.newClientEngine("perf.invalid", 443, new ServerTrust.AnyCertificate());
            SslHandler clientTls = new SslHandler(clientEngine);
            SslHandler serverTls = new SslHandler(serverEngine);
            sender = new EmbeddedChannel(clientTls, encoder);
            receiver = new EmbeddedChannel(serverTls, decoder, feeder);
            for (int i = 0; i < 100 && !(clientTls.handshakeFuture().isDone() && serverTls.handshakeFuture().isDone()); i++) {
                move(sender, receiver);
                move(receiver, sender);
            }
            if (!clientTls.handshakeFuture().isSuccess() || !serverTls.handshakeFuture().isSuccess()) {
                throw new IllegalStateException("TLS handshake failed: " + clientTls.handshakeFuture().cause()
                        + " / " + serverTls.handshakeFuture().cause());
            }
            move(receiver, sender); // anything the server still had to say
        } else if (carriage.equals("plain")) {
            sender = new EmbeddedChannel(encoder);
            receiver = new EmbeddedChannel(decoder, feeder);
        } else {
            throw new IllegalArgumentException("carriage: tls, tls-jdk or plain, not " + carriage);
        }
        // one batch outside the measurement proves the path delivers
        batch();
    }

    @Benchmark
    public int frames() throws Exception {
        return loop.submit(rounds).get();
    }

    private int batch() {
        for (int i = 0; i < BATCH; i++) {
            // as a TAP read: a pooled buffer the frame is copied into; a super-frame behind its virtio-net
            // header (TCPv4 GSO, segments of 1448 bytes), its reader index after it, as the TAP adapter gives it
            if (frameSize > TunnelLimits.MAX_FRAME_SIZE) {
                sender.write(alloc.ioBuffer(TunnelLimits.VNET_HEADER + frameSize).writeBytes(VNET_TCPV4)
                        .writeBytes(frameA).skipBytes(TunnelLimits.VNET_HEADER), sender.voidPromise());
            } else {
                sender.write(alloc.ioBuffer(frameSize).writeBytes(frameA), sender.voidPromise());
            }
        }
        sender.flush();
        Object wire;
        while ((wire = sender.readOutbound()) != null) {
            receiver.pipeline().fireChannelRead(wire);
        }
        receiver.pipeline().fireChannelReadComplete();
        int n = drainAndRelease(portB);
        if (n != BATCH) {
            throw new IllegalStateException("port B got " + n + " of " + BATCH + " frames; A " + portA.counters()
                    + ", B " + portB.counters());
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loop.submit(() -> {
            sender.finishAndReleaseAll();
            receiver.finishAndReleaseAll();
            portA.leave();
            portB.leave();
        }).get();
        loop.shutdown();
    }

    private int drainAndRelease(HubPort port) {
        int n = port.drainTo(drained, Integer.MAX_VALUE);
        for (int i = 0; i < drained.size(); i++) {
            drained.get(i).release();
        }
        drained.clear();
        return n;
    }

    private static void move(EmbeddedChannel from, EmbeddedChannel to) {
        Object m;
        while ((m = from.readOutbound()) != null) {
            to.writeInbound(m);
        }
        for (Object in; (in = to.readInbound()) != null;) {
            ReferenceCountUtil.release(in);
        }
    }

    /** virtio_net_hdr: no checksum flags, GSO TCPv4, header length 54, segment size 1448 (little-endian). */
    private static final byte[] VNET_TCPV4 = {0, (byte) SuperFrames.GSO_TCPV4, 54, 0, (byte) 0xA8, 0x05, 0, 0, 0, 0};

    /** An IPv4-typed Ethernet frame of {@code size} bytes with a byte pattern as payload. */
    private static byte[] frame(long dst, long src, int size) {
        byte[] f = new byte[size];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (40 - 8 * i));
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        f[12] = 0x08;
        for (int i = 14; i < size; i++) {
            f[i] = (byte) i;
        }
        return f;
    }

    /** The receiving session's part: a decoded block's frames go to the hub as one list (as TunnelConnection). */
    private static final class HubFeeder extends ChannelInboundHandlerAdapter {
        private final VirtualHub hub;
        private final HubPort source;
        private final List<ByteBuf> batch = new ArrayList<>(TunnelEncoder.DEFAULT_BATCH_FRAMES);

        HubFeeder(VirtualHub hub, HubPort source) {
            this.hub = hub;
            this.source = source;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TunnelBlock block) {
                try {
                    for (int i = 0; i < block.count(); i++) {
                        batch.add(block.detach(i));
                    }
                    hub.forward(source, batch);
                } finally {
                    batch.clear();
                    block.release();
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
