package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.compress.deflate.DeflateCodec;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.TunnelConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Our client core against our server over real TLS/TCP: login, frames both ways with another
 * session, additional connections at the establishment interval, half-duplex directions,
 * encryption off with compression, refused logins. (Against real SoftEther: issue 4's interop tests.)
 */
class ClientSessionTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir).user("alice", "alicepass").user("bob", "bobpass");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The client's side of the wire for tests: frames to send, frames received. */
    static final class QueueLink implements SessionLink {
        final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1024);
        private final BlockingQueue<ByteBuf> outgoing = new ArrayBlockingQueue<>(1024);

        @Override
        public void received(List<ByteBuf> frames) {
            for (ByteBuf f : frames) {
                received.offer(ByteBufUtil.getBytes(f));
                f.release();
            }
        }

        @Override
        public int drainTo(List<? super ByteBuf> out, int max) {
            return outgoing.drainTo(out, max);
        }

        void send(ClientSession s, byte[] frame) {
            outgoing.add(Unpooled.wrappedBuffer(frame));
            s.tunnel().wakeup();
        }

        byte[] awaitTagged(int tag) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                byte[] f = received.poll(left, TimeUnit.NANOSECONDS);
                if (f != null && TestPeer.tag(f) == tag) {
                    return f;
                }
            }
            return null;
        }
    }

    private static ClientOptions alice() {
        return ClientOptions.password(new Endpoint("127.0.0.1", server.port), "DEFAULT", "alice", "alicepass");
    }

    private static ClientSession connect(ClientOptions o, QueueLink link) throws Exception {
        return new ClientSession(o, server.transport, new ModernCipherSuites(), new DeflateCodec(), null, link, null)
                .start().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientLogsInAndExchangesFramesWithAnotherSession() throws Exception {
        QueueLink link = new QueueLink();
        ClientSession a = connect(alice(), link);
        try (TestPeer bob = TestPeer.session(server.port, "bob", "bobpass")) {
            assertTrue(a.sessionName().startsWith("SID-ALICE-"), a.sessionName());
            byte[] fromBob = bob.frameTo(TestPeer.BROADCAST, 41);
            bob.sendFrames(fromBob);
            assertArrayEquals(fromBob, link.awaitTagged(41));
            byte[] fromAlice = TestPeer.frame(TestPeer.BROADCAST, new byte[] {2, 0, 0, 0, 0, 1}, 42);
            link.send(a, fromAlice);
            assertArrayEquals(fromAlice, bob.readTagged(42, 5000));
        } finally {
            a.close();
        }
    }

    @Test
    void additionalConnectionsComeOnePerIntervalUpToTheMaximum() throws Exception {
        ClientSession a = connect(alice().withConnections(4, false), new QueueLink());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (a.tunnel().connectionCount() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<TunnelConnection> conns = new ArrayList<>(a.tunnel().connections());
            assertEquals(4, conns.size(), "connections: " + conns + ", last error " + a.lastError());
            conns.sort((x, y) -> x.connected().compareTo(y.connected()));
            for (int i = 1; i < conns.size(); i++) {
                Instant prev = conns.get(i - 1).connected();
                long gap = Duration.between(prev, conns.get(i).connected()).toMillis();
                assertTrue(gap >= 950, "connection " + i + " came " + gap + " ms after the previous one");
            }
            Thread.sleep(1200);
            assertEquals(4, a.tunnel().connectionCount(), "never more than the maximum");
        } finally {
            a.close();
        }
    }

    @Test
    void halfDuplexConnectionsGetTheServersDirections() throws Exception {
        ClientSession a = connect(alice().withConnections(4, true), new QueueLink());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (a.tunnel().connectionCount() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<TunnelConnection> conns = new ArrayList<>(a.tunnel().connections());
            conns.sort((x, y) -> x.connected().compareTo(y.connected()));
            assertEquals(List.of(2, 1, 1, 2), conns.stream().map(c -> c.direction().code()).toList());
        } finally {
            a.close();
        }
    }

    @Test
    void withoutEncryptionAndWithCompressionFramesStillFlowBothWays() throws Exception {
        QueueLink link = new QueueLink();
        ClientSession a = connect(alice().withEncryption(false, true), link);
        try (TestPeer bob = TestPeer.session(server.port, "bob", "bobpass")) {
            assertEquals("none", a.tunnel().connections().get(0).tls());
            assertTrue(a.tunnel().parameters().compressed());
            byte[] fromBob = bob.frameTo(TestPeer.BROADCAST, 51);
            bob.sendFrames(fromBob);
            assertArrayEquals(fromBob, link.awaitTagged(51));
            byte[] fromAlice = TestPeer.frame(TestPeer.BROADCAST, new byte[] {2, 0, 0, 0, 0, 2}, 52);
            link.send(a, fromAlice);
            assertNotNull(bob.readTagged(52, 5000));
        } finally {
            a.close();
        }
    }

    @Test
    void connectionsOlderThanTheLifetimeAreReplacedAndTheSessionStays() throws Exception {
        QueueLink link = new QueueLink();
        ClientSession a = connect(alice().withConnectionLifetime(Duration.ofSeconds(2)), link);
        try (TestPeer bob = TestPeer.session(server.port, "bob", "bobpass")) {
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                a.tunnel().connections().forEach(c -> seen.add(c.name()));
                Thread.sleep(50);
            }
            assertTrue(seen.size() >= 3, "connections seen: " + seen);
            assertTrue(!a.tunnel().isClosed() && !a.lost().isDone(), "the session stays");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (a.tunnel().connectionCount() == 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            byte[] fromBob = bob.frameTo(TestPeer.BROADCAST, 61);
            bob.sendFrames(fromBob);
            assertArrayEquals(fromBob, link.awaitTagged(61), "frames still flow after the rotations");
        } finally {
            a.close();
        }
    }

    @Test
    void aWrongPasswordFailsWithTheServersError() {
        ClientOptions wrong = ClientOptions.password(new Endpoint("127.0.0.1", server.port), "DEFAULT", "alice", "nope");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new ClientSession(wrong, server.transport, new ModernCipherSuites(), null, null, new QueueLink(), null)
                        .start().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("error 9"), e.getCause().getMessage());
    }
}
