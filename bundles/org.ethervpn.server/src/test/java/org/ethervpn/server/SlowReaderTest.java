package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.hub.PortConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a peer that stops reading (its TCP receive window full) stalls neither the hub nor
 * the other sessions, and what the server holds for it stays bounded: its hub port queue (at most
 * {@link PortConfig#DEFAULT_QUEUE_FRAMES} frames, the rest dropped and counted) and the session's
 * Netty send buffer share. When it reads again it gets frames again.
 */
class SlowReaderTest {
    static {
        LeakWatch.install();
    }

    static final int FRAME = 1400;
    static final int BATCH = 32;
    static final int BATCHES = 640; // 20 480 frames, 28 MB: ten times what the bounds let the server hold
    /** The session's send-buffer share (2.56 MB) + the kernel's send buffer (tcp_wmem max, 4 MB) + slack. */
    static final long MAX_BYTES_OUT = 10L << 20;

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() throws InterruptedException {
        LeakWatch.assertNoLeaks();
    }

    @Test
    void aPeerThatStopsReadingStallsNoOtherSessionAndItsQueueStaysBounded() throws Exception {
        try (TestServer server = new TestServer(dir, 3000).user("a", "apw").user("b", "bpw").user("c", "cpw")
                .user("slow", "slowpw");
                TestPeer slow = TestPeer.session(server.port, "slow", "slowpw", 64 * 1024);
                TestPeer a = TestPeer.session(server.port, "a", "apw");
                TestPeer b = TestPeer.session(server.port, "b", "bpw");
                TestPeer c = TestPeer.session(server.port, "c", "cpw")) {
            slow.sendFrames(slow.frameTo(TestPeer.BROADCAST, 1)); // the hub learns its MAC
            BadInputTest.deliver(b, c.mac, c); // and the others' (each also gets slow's broadcast)
            BadInputTest.deliver(c, b.mac, b);
            BadInputTest.deliver(a, b.mac, b);

            long start = System.nanoTime();
            int sent = 0;
            for (int i = 0; i < BATCHES; i++) {
                byte[][] batch = new byte[BATCH][];
                for (int j = 0; j < BATCH; j++) {
                    batch[j] = bigFrame(slow.mac, a.mac, ++sent);
                }
                a.sendFrames(batch); // slow never reads from here on
                if (i % 64 == 63) {
                    BadInputTest.deliver(b, c.mac, c); // the others flow while the flood backs up
                    BadInputTest.deliver(c, b.mac, b);
                    slow.sendKeepAlive(0); // still alive: only its reading stopped
                }
            }
            long floodMillis = (System.nanoTime() - start) / 1_000_000;
            BadInputTest.deliver(a, b.mac, b); // the flooding session itself was never held back

            SessionInfo s = settled(server, "slow");
            long queued = sent - s.framesOut() - s.framesDropped();
            System.out.printf("slow reader: %d frames (%d MB) sent to it in %d ms; drained to its connection %d"
                    + " (%.1f MB), dropped %d, queued %d%n", sent, (long) sent * FRAME >> 20, floodMillis, s.framesOut(),
                    s.bytesOut() / 1048576.0, s.framesDropped(), queued);
            assertTrue(s.framesDropped() > 0, "nothing was dropped for the stalled peer: " + s);
            assertTrue(queued >= 0 && queued <= PortConfig.DEFAULT_QUEUE_FRAMES, "hub queue not bounded: " + queued);
            assertTrue(s.bytesOut() <= MAX_BYTES_OUT, "the server took " + s.bytesOut() + " bytes for a peer that"
                    + " reads nothing (bound " + MAX_BYTES_OUT + ")");

            // it reads again: the backlog comes (until 2 s of quiet), then new frames
            int backlog = readBacklog(slow, a, server);
            System.out.printf("slow reader: read a backlog of %d frames%n", backlog);
            assertTrue(backlog > 0 && backlog <= s.framesOut() + PortConfig.DEFAULT_QUEUE_FRAMES + 1,
                    "backlog of " + backlog + " frames");
            int tag = ThreadLocalRandom.current().nextInt(1 << 24, Integer.MAX_VALUE);
            byte[] after = a.frameTo(slow.mac, tag);
            a.sendFrames(after);
            assertArrayEquals(after, slow.readTagged(tag, 5000), "the peer got nothing after it read again");
            assertNotNull(server.admin.sessionList("DEFAULT").stream().filter(x -> x.user().equals("slow")).findFirst()
                    .orElse(null), "the slow session was ended");
        }
    }

    /**
     * Reads what the server kept for {@code peer} until nothing comes for 2 s; both peers send
     * keep-alives meanwhile, so the server's session timeout does not end them.
     */
    static int readBacklog(TestPeer peer, TestPeer other, TestServer server) throws IOException {
        int n = 0;
        long nextKeepAlive = 0;
        try {
            for (;;) {
                if (System.nanoTime() - nextKeepAlive > 0) {
                    peer.sendKeepAlive(0);
                    other.sendKeepAlive(0);
                    nextKeepAlive = System.nanoTime() + 2_000_000_000L;
                }
                if (peer.readFrame(2000) == null) {
                    return n;
                }
                n++;
            }
        } catch (IOException e) {
            throw new AssertionError("closed after " + n + " frames of the backlog; server log: "
                    + server.log.lines().stream().filter(l -> l.contains("closed")).toList(), e);
        }
    }

    static byte[] bigFrame(byte[] dst, byte[] src, int tag) {
        return ByteBuffer.allocate(FRAME).put(dst).put(src).putShort((short) 0x88B5).putInt(tag).array();
    }

    /** The session's counters once the drain has done what it can (unchanged for half a second). */
    static SessionInfo settled(TestServer server, String user) throws InterruptedException, IOException {
        SessionInfo last = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            SessionInfo now = server.admin.sessionList("DEFAULT").stream().filter(x -> x.user().equals(user))
                    .findFirst().orElseThrow(() -> new AssertionError(user + "'s session is gone"));
            if (last != null && now.framesOut() == last.framesOut() && now.framesDropped() == last.framesDropped()) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        throw new AssertionError("the counters never settled: " + last);
    }
}
