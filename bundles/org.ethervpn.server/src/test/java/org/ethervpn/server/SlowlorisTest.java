package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: 2,000 connections that never finish their handshake (slowloris) over loopback: silent
 * ones, ones that stop inside the TLS ClientHello, ones that stop halfway through the watermark.
 * Each is closed at the handshake deadline (here set to 8 s through the server's own option),
 * the server's memory stays bounded, and a real login among them succeeds. The CI limit for that
 * login is a generous 5 s; the figure is printed (the goal is under 1 s).
 *
 * <p>The test process holds both ends, so it needs about 4,100 file descriptors: it skips when its
 * limit is lower (raise it with {@code ulimit -n}).
 */
class SlowlorisTest {
    static {
        LeakWatch.install();
    }

    static final int DEADLINE_MILLIS = 8000;
    static final int SILENT = 1000;
    static final int HALF_CLIENT_HELLO = 900;
    static final int HALF_WATERMARK = 100;
    static final int TOTAL = SILENT + HALF_CLIENT_HELLO + HALF_WATERMARK;
    /** Generous for CI (2 shared cores); the measured figure is printed. */
    static final long LOGIN_LIMIT_MILLIS = 5000;
    /** Heap the server may add for 2,000 stalled handshakes (about 128 KiB each), generously. */
    static final long HEAP_LIMIT = 256L << 20;
    /** The start of a TLS 1.2 ClientHello record that announces more bytes than it sends. */
    static final byte[] HALF_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x11, 0x22};

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() throws InterruptedException {
        LeakWatch.assertNoLeaks();
    }

    @Test
    void stalledHandshakesAreClosedAtTheDeadlineAndARealLoginStillSucceeds() throws Exception {
        long fds = maxFileDescriptors();
        assumeTrue(fds >= 2 * TOTAL + 500, "needs " + (2 * TOTAL + 500) + " file descriptors, the limit is " + fds
                + " (ulimit -n)");
        List<SocketChannel> raw = new ArrayList<>();
        List<TestPeer> tls = new ArrayList<>();
        try (TestServer server = new TestServer(dir, DEADLINE_MILLIS).user("alice", "alicepass");
                Selector selector = Selector.open()) {
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < HALF_WATERMARK; i++) {
                TestPeer p = TestPeer.tls(server.port);
                p.send("POST /vpnsvc/connect.cgi HTTP/1.1\r\nContent-Type: image/jpeg\r\nContent-Length: 1411\r\n\r\n");
                p.send(new byte[700]); // half the watermark's body
                tls.add(p);
            }
            for (int i = 0; i < SILENT + HALF_CLIENT_HELLO; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port));
                if (i >= SILENT) {
                    ch.write(ByteBuffer.wrap(HALF_HELLO));
                }
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                raw.add(ch);
            }
            long openedMillis = (System.nanoTime() - start) / 1_000_000;
            int open = server.admin.connectionList().size();

            long t0 = System.nanoTime();
            try (TestPeer alice = TestPeer.session(server.port, "alice", "alicepass")) {
                long loginMillis = (System.nanoTime() - t0) / 1_000_000;
                long heapDuring = usedHeapAfterGc();
                System.out.printf("slowloris: %d stalled connections opened in %d ms (%d in the server's list); a real"
                        + " login among them took %d ms; heap %d MB -> %d MB; RSS %d MB; load %s%n", TOTAL, openedMillis,
                        open, loginMillis, heapBefore >> 20, heapDuring >> 20, rssBytes() >> 20, loadAverage());
                assertTrue(loginMillis < LOGIN_LIMIT_MILLIS, "the login took " + loginMillis + " ms");
                assertTrue(heapDuring - heapBefore < HEAP_LIMIT, "heap grew by " + ((heapDuring - heapBefore) >> 20) + " MB");
            }

            // every stalled connection is closed by the server, none much later than its deadline
            long lastOpened = System.nanoTime();
            int closed = awaitAllClosed(selector, raw.size(), DEADLINE_MILLIS + 20_000);
            assertEquals(raw.size(), closed, "stalled connections the server did not close");
            for (TestPeer p : tls) {
                assertTrue(p.awaitClosed(5000), "a connection stalled in the watermark was not closed");
            }
            long tooLate = (System.nanoTime() - lastOpened) / 1_000_000;
            assertTrue(tooLate < DEADLINE_MILLIS + 20_000, "closing took " + tooLate + " ms");
            long waitForList = System.nanoTime() + 10_000_000_000L;
            while (!server.admin.connectionList().isEmpty() && System.nanoTime() < waitForList) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), server.admin.connectionList(), "connections left in the server's list");
        } finally {
            for (SocketChannel ch : raw) {
                ch.close();
            }
            for (TestPeer p : tls) {
                p.close();
            }
        }
    }

    /** Counts the channels at whose end the server closed the connection (EOF or reset). */
    private static int awaitAllClosed(Selector selector, int n, long millis) throws IOException {
        int closed = 0;
        ByteBuffer sink = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (closed < n && System.nanoTime() < deadline) {
            selector.select(500);
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) k.channel();
                int r;
                try {
                    sink.clear();
                    r = ch.read(sink); // the server sends nothing before a handshake; a TLS alert is fine too
                } catch (IOException e) {
                    r = -1;
                }
                if (r < 0) {
                    k.cancel();
                    closed++;
                }
            }
            selector.selectedKeys().clear();
        }
        return closed;
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }
}
