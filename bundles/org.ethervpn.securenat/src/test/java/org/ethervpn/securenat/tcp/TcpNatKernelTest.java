package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
import java.util.concurrent.Callable;
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
import org.ethervpn.tap.TapAdapter;
import org.ethervpn.tap.TapSupport;
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
        String skip = skipReason();
        Assumptions.assumeTrue(skip == null, () -> "kernel-client TCP NAT test skipped: " + skip);
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String clientNs = "evsnc" + suffix;
        String serverNs = "evsns" + suffix;
        String tapName = "evsnt" + suffix;
        byte[] down = new byte[DOWN];
        new Random(7).nextBytes(down);
        List<AutoCloseable> cleanup = new ArrayList<>();
        run("ip", "netns", "add", clientNs);
        cleanup.add(() -> run("ip", "netns", "delete", clientNs));
        run("ip", "netns", "add", serverNs);
        cleanup.add(() -> run("ip", "netns", "delete", serverNs));
        try {
            run("ip", "-n", serverNs, "link", "set", "lo", "up");
            run("ip", "-n", serverNs, "addr", "add", "10.77.0.1/32", "dev", "lo");
            run("ip", "-n", clientNs, "link", "set", "lo", "up");

            ServerSocket http = inside(serverNs, () -> new ServerSocket(0, 16, InetAddress.getByName("10.77.0.1")));
            cleanup.add(http);
            Thread.ofPlatform().daemon().name("http-" + suffix).start(() -> serve(http, down));
            int port = http.getLocalPort();

            boolean epoll = Epoll.isAvailable();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, (ThreadFactory) r -> new Thread(() -> {
                enter(serverNs); // relay sockets are opened on this thread, so in the server's namespace
                r.run();
            }, "securenat-test-loop"), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            cleanup.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
            Io io = epoll ? new Io(group.next(), EpollSocketChannel.class, EpollDatagramChannel.class)
                    : new Io(group.next(), NioSocketChannel.class, NioDatagramChannel.class);

            TapAdapter tap = inside(clientNs, () -> TapAdapter.open(tapName, new TapAdapter.Options(null, 1500)));
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
            run("ip", "-n", clientNs, "addr", "add", "192.168.30.10/24", "dev", tapName);
            run("ip", "-n", clientNs, "route", "add", "default", "via", "192.168.30.1");

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
            Result refused = exec("ip", "netns", "exec", clientNs, "curl", "-sS", "--max-time", "10", "http://10.77.0.1:1/");
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
        Result r = exec(cmd.toArray(String[]::new));
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

    static String skipReason() throws IOException {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        if (TapSupport.unavailableReason() != null) {
            return TapSupport.unavailableReason();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:") && !line.split("\\s+")[1].equals("0")) {
                return "needs root (creates network namespaces and a TAP device)";
            }
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return "no /dev/net/tun";
        }
        for (String tool : new String[] {"ip", "curl"}) {
            if (exec("sh", "-c", "command -v " + tool).exit() != 0) {
                return "no " + tool;
            }
        }
        return null;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    record Result(int exit, String output) {
    }

    static Result exec(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void run(String... cmd) throws IOException {
        Result r = exec(cmd);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
    }

    /** Joins network namespace {@code ns} (setns(2) on the calling thread, through FFM). */
    static void enter(String ns) {
        Linker linker = Linker.nativeLinker();
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(a.allocateFrom("/var/run/netns/" + ns), 0x80000 /* O_RDONLY | O_CLOEXEC */);
            if (fd < 0) {
                throw new IllegalStateException("cannot open namespace " + ns);
            }
            int r = (int) setns.invokeExact(fd, 0x40000000 /* CLONE_NEWNET */);
            int ignored = (int) close.invokeExact(fd);
            if (r != 0) {
                throw new IllegalStateException("setns " + ns + " failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Runs {@code action} on a fresh thread inside namespace {@code ns} (sockets and devices it creates live there). */
    static <T> T inside(String ns, Callable<T> action) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("in-" + ns).start(() -> {
            try {
                enter(ns);
                result[0] = action.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }
}
