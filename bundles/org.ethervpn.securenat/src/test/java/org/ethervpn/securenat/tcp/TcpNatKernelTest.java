package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.securenat.SecureNatContext;
import org.ethervpn.securenat.engine.Engine;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.HostConfig;
import org.ethervpn.securenat.engine.Io;
import org.ethervpn.securenat.engine.NatLog;
import org.ethervpn.securenat.engine.Netns;
import org.ethervpn.tap.TapAdapter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Linux kernel's own TCP as SecureNAT's client: {@code curl} in a namespace of the test's own, on
 * a TAP device whose frames the test pumps to and from a real {@link Engine} with the TCP NAT. The
 * engine's loop thread lives in a second namespace, where its relay sockets reach an HTTP server
 * on 10.77.0.1; nothing leaves the two namespaces. Needs root, /dev/net/tun, ip(8) and curl.
 */
class TcpNatKernelTest {
    private static final int DOWN = 24 << 20;
    private static final int UP = 8 << 20;
    private static final int LOSSY = 2 << 20;
    /** Drop every n-th frame each way (0: none); read and written on the engine's loop only. */
    private volatile int lossEvery;
    private long framesIn;
    private long framesOut;
    private volatile long droppedIn;
    private volatile long droppedOut;

    @Test
    void curlDownloadsAndUploadsThroughTheNatAndARefusedPortResets(@TempDir Path dir) throws Exception {
        String skip = Netns.skipReason("curl");
        Assumptions.assumeTrue(skip == null, () -> "kernel-client TCP NAT test skipped: " + skip);
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String clientNs = "evsnc" + suffix;
        String serverNs = "evsns" + suffix;
        String tapName = "evsnt" + suffix;
        byte[] down = new byte[DOWN];
        new Random(7).nextBytes(down);
        List<AutoCloseable> cleanup = new ArrayList<>();
        Netns.run("ip", "netns", "add", clientNs);
        cleanup.add(() -> Netns.run("ip", "netns", "delete", clientNs));
        Netns.run("ip", "netns", "add", serverNs);
        cleanup.add(() -> Netns.run("ip", "netns", "delete", serverNs));
        try {
            Netns.run("ip", "-n", serverNs, "link", "set", "lo", "up");
            Netns.run("ip", "-n", serverNs, "addr", "add", "10.77.0.1/32", "dev", "lo");
            Netns.run("ip", "-n", clientNs, "link", "set", "lo", "up");

            ServerSocket http = Netns.inside(serverNs, () -> new ServerSocket(0, 16, InetAddress.getByName("10.77.0.1")));
            cleanup.add(http);
            Thread.ofPlatform().daemon().name("http-" + suffix).start(() -> serve(http, down));
            int port = http.getLocalPort();

            boolean epoll = Epoll.isAvailable();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, (ThreadFactory) r -> new Thread(() -> {
                try {
                    Netns.enter(serverNs); // relay sockets are opened on this thread, so in the server's namespace
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                r.run();
            }, "securenat-test-loop"), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            cleanup.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
            Io io = epoll ? new Io(group.next(), EpollSocketChannel.class, EpollDatagramChannel.class)
                    : new Io(group.next(), NioSocketChannel.class, NioDatagramChannel.class);

            TapAdapter tap = Netns.inside(clientNs, () -> TapAdapter.open(tapName, new TapAdapter.Options(null, 1500)));
            cleanup.add(tap::close);
            SecureNatOptions options = SecureNatOptions.defaults(EngineHarness.HOST_MAC);
            Engine engine = new Engine(new SecureNatContext() {
                @Override
                public String hub() {
                    return "KERNEL";
                }

                @Override
                public SecureNatOptions options() {
                    return options;
                }

                @Override
                public void toHub(ByteBuf frame) {
                    if (lossEvery > 0 && ++framesOut % lossEvery == 0) {
                        droppedOut++;
                        frame.release(); // lost on the way to the client
                        return;
                    }
                    try {
                        tap.write(frame.nioBuffer());
                    } catch (IOException e) {
                        // the TAP is closing at the end of the test
                    } finally {
                        frame.release();
                    }
                }
            }, HostConfig.of(options), io, System::nanoTime, NatLog.STDERR, FlowLimits.DEFAULT);
            TcpNat.install(engine);
            io.loop().submit(engine::start).get();
            cleanup.add(engine::close);
            tap.startReceiving((frames, count) -> {
                ByteBuf[] copies = new ByteBuf[count];
                for (int i = 0; i < count; i++) {
                    ByteBuffer f = frames[i];
                    copies[i] = PooledByteBufAllocator.DEFAULT.directBuffer(f.remaining()).writeBytes(f.duplicate());
                }
                io.loop().execute(() -> {
                    for (ByteBuf b : copies) {
                        if (lossEvery > 0 && ++framesIn % lossEvery == 0) {
                            droppedIn++;
                            b.release(); // lost on the way from the client
                        } else {
                            engine.receive(b);
                        }
                    }
                });
            });
            Netns.run("ip", "-n", clientNs, "addr", "add", "192.168.30.10/24", "dev", tapName);
            Netns.run("ip", "-n", clientNs, "route", "add", "default", "via", "192.168.30.1");

            String base = "http://10.77.0.1:" + port;
            Path got = dir.resolve("down");
            curl(clientNs, "-o", got.toString(), base + "/down");
            assertArrayEquals(down, Files.readAllBytes(got), "24 MiB downloaded intact");
            // the figures printed at the end: a second run each way, once the JIT has compiled the path
            String downSpeed = curl(clientNs, "-o", "/dev/null", "-w", "%{speed_download}", base + "/down");

            byte[] up = new byte[UP];
            new Random(8).nextBytes(up);
            Path file = dir.resolve("up");
            Files.write(file, up);
            String sha = curl(clientNs, "--data-binary", "@" + file, "-H", "Expect:", base + "/up");
            assertEquals(HexFormat.of().formatHex(sha256(up)), sha, "8 MiB uploaded intact");
            String upSpeed = curl(clientNs, "--data-binary", "@" + file, "-H", "Expect:", "-o", "/dev/null", "-w", "%{speed_upload}",
                    base + "/up");

            // one frame in 50 lost each way (on the loop, so deterministic): retransmission, fast recovery and the
            // reassembly of segments after a hole, against the kernel's TCP
            lossEvery = 50;
            byte[] part = Arrays.copyOf(down, LOSSY);
            long l0 = System.nanoTime();
            curl(clientNs, "-o", got.toString(), base + "/part");
            assertArrayEquals(part, Files.readAllBytes(got), "2 MiB downloaded intact with 2 % loss");
            long l1 = System.nanoTime();
            Files.write(file, Arrays.copyOf(up, LOSSY / 2));
            String lossySha = curl(clientNs, "--data-binary", "@" + file, "-H", "Expect:", base + "/up");
            assertEquals(HexFormat.of().formatHex(sha256(Arrays.copyOf(up, LOSSY / 2))), lossySha, "1 MiB uploaded intact with 2 % loss");
            assertTrue(droppedIn >= 10 && droppedOut >= 20, "frames were lost: " + droppedIn + " from, " + droppedOut + " to the client");
            System.err.printf("[securenat] with 2 %% loss: 2 MiB down in %d ms, 1 MiB up in %d ms (fresh connections)%n",
                    (l1 - l0) / 1_000_000, (System.nanoTime() - l1) / 1_000_000);
            lossEvery = 0;

            long r0 = System.nanoTime();
            Netns.Result refused = Netns.exec("ip", "netns", "exec", clientNs, "curl", "-sS", "--max-time", "10", "http://10.77.0.1:1/");
            long refusedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0);
            assertEquals(7, refused.exit(), "curl: connection refused (exit 7), so a RST came back: " + refused.output());
            assertTrue(refusedMillis < 5000, "refused at once, not timed out: " + refusedMillis + " ms");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (io.loop().submit(() -> engine.status().tcpSessions()).get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, (int) io.loop().submit(() -> engine.status().tcpSessions()).get(),
                    "every flow closed (FIN both ways, TIME_WAIT over)");
            System.err.printf("[securenat] kernel client through the TCP NAT: download %.1f MB/s, upload %.1f MB/s (load: %s)%n",
                    Double.parseDouble(downSpeed) / 1e6, Double.parseDouble(upSpeed) / 1e6, uptime());
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                try {
                    cleanup.get(i).close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }
    }

    /**
     * A minimal HTTP/1.0 server (the JDK's HttpServer is slower than the NAT): {@code GET /down} answers
     * {@code down}; {@code POST /up} reads the body and answers its SHA-256 in hex. One thread per connection.
     */
    private static void serve(ServerSocket server, byte[] down) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> {
                try (s) {
                    s.setSoTimeout(60_000);
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            return;
                        }
                        head.append((char) c);
                    }
                    String request = head.toString();
                    OutputStream out = s.getOutputStream();
                    byte[] body = request.startsWith("GET /part ") ? Arrays.copyOf(down, LOSSY) : down;
                    if (request.startsWith("POST")) {
                        int length = Integer.parseInt(request.replaceAll("(?s).*[Cc]ontent-[Ll]ength: *(\\d+).*", "$1"));
                        body = HexFormat.of().formatHex(sha256(in.readNBytes(length))).getBytes(StandardCharsets.US_ASCII);
                    }
                    out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < body.length; i += 1 << 20) {
                        out.write(body, i, Math.min(1 << 20, body.length - i));
                    }
                } catch (IOException e) {
                    System.err.println("test HTTP server: " + e);
                }
            });
        }
    }

    private static String curl(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "curl", "-sS", "--fail", "--max-time", "60"));
        cmd.addAll(List.of(args));
        Netns.Result r = Netns.exec(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), "curl " + String.join(" ", args) + ": " + r.output());
        return r.output().trim();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
