package org.ethervpn.securenat.tcp;

import static org.ethervpn.securenat.tcp.Segments.ACK;
import static org.ethervpn.securenat.tcp.Segments.FIN;
import static org.ethervpn.securenat.tcp.Segments.PSH;
import static org.ethervpn.securenat.tcp.Segments.RST;
import static org.ethervpn.securenat.tcp.Segments.SYN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.NatTcpState;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.tcp.TcpClient.Seg;
import org.ethervpn.securenat.tcp.TcpClient.Sock;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

/** The TCP endpoint in frames, with the socket side and the clock moved by hand. */
class TcpConnectionTest {
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<Seg> concatLists(List<Seg> a, List<Seg> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static byte[] concat(List<Seg> segs) {
        return segs.stream().map(Seg::data).reduce(new byte[0], (a, b) -> {
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
    }

    @Test
    void handshakeWaitsForTheSocketThenDataFlowsBothWays() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40001);
            // SYN with MSS 1460 and window scale 7, as Linux sends
            c.syn(new byte[] {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7});
            assertNull(c.take(), "SoftEther's order: no SYN-ACK before the destination accepted");
            assertEquals(NatTcpState.CONNECTING, sessions(h).get(0).tcpState());
            Sock s = c.sock();
            assertFalse(s.readable, "the socket is not read before the handshake");
            s.conn.connected();
            Seg synAck = c.take();
            assertTrue(synAck.has(SYN | ACK));
            assertEquals(c.seq, synAck.ack());
            assertArrayEquals(new byte[] {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, (byte) TcpConnection.WINDOW_SHIFT}, synAck.options(),
                    "MSS min(client's, MTU - 40), window scale");
            assertEquals(NatTcpState.CONNECTED, sessions(h).get(0).tcpState());
            c.ack = synAck.seq() + 1;
            c.ack(1000); // 1000 << 7 = 128000 bytes of window
            assertTrue(s.readable);
            assertEquals(NatTcpState.ESTABLISHED, sessions(h).get(0).tcpState());

            byte[] up = bytes(2920, 1);
            c.data(Arrays.copyOfRange(up, 0, 1460), 1000);
            c.data(Arrays.copyOfRange(up, 1460, 2920), 1000);
            List<Seg> acks = c.drain();
            assertEquals(c.seq, acks.get(acks.size() - 1).ack());
            assertEquals(TcpConnection.RCV_WINDOW >> TcpConnection.WINDOW_SHIFT, acks.get(0).window(), "scaled window");
            assertArrayEquals(up, s.written.toByteArray());
            assertTrue(s.flushes > 0);

            byte[] down = bytes(5000, 2);
            s.conn.fromSocket(Unpooled.wrappedBuffer(down));
            List<Seg> segs = c.drain();
            assertEquals(List.of(1460, 1460, 1460, 620), segs.stream().map(x -> x.data().length).toList());
            assertTrue(segs.get(3).has(PSH));
            assertArrayEquals(down, concat(segs));
            c.ack += 5000;
            c.ack(1000);
            h.advance(5000);
            assertNull(c.take(), "nothing retransmitted once acknowledged");
            NatEntry e = sessions(h).get(0);
            assertEquals(2920, e.sendBytes());
            assertEquals(5000, e.recvBytes());
            assertEquals(40001, e.srcPort());
            assertEquals("203.0.113.5", e.destIp());
            assertEquals(1, h.engine.status().tcpSessions());
        }
    }

    @Test
    void retransmitsAfterLossWithBackoffThenResetsBothWays() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40002);
            c.establish(8000);
            Sock s = c.sock();
            s.conn.fromSocket(Unpooled.wrappedBuffer(bytes(500, 3)));
            Seg first = c.take();
            assertEquals(500, first.data().length);
            h.advance(900);
            assertNull(c.take(), "initial RTO is 1 s");
            h.advance(200);
            Seg again = c.take();
            assertNotNull(again, "retransmitted after the RTO");
            assertEquals(first.seq(), again.seq());
            assertArrayEquals(first.data(), again.data());
            h.advance(1500);
            assertNull(c.take(), "backed off to 2 s");
            h.advance(600);
            assertNotNull(c.take());
            Seg last = null;
            for (int i = 0; i < 300 && last == null; i++) {
                h.advance(1000);
                for (Seg x : c.drain()) {
                    if (x.has(RST)) {
                        last = x;
                    }
                }
            }
            assertNotNull(last, "gave up with a reset to the client");
            assertTrue(s.reset, "and to the destination");
            assertEquals(0, h.engine.status().tcpSessions());
        }
    }

    @Test
    void fastRetransmitOnThreeDuplicateAcks() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40003);
            c.establish(60000);
            Sock s = c.sock();
            byte[] down = bytes(4 * 536, 4);
            s.conn.fromSocket(Unpooled.wrappedBuffer(down));
            List<Seg> segs = c.drain();
            assertEquals(4, segs.size());
            c.ack = segs.get(1).seq(); // the first arrived, the second was lost
            c.ack(60000);
            c.ack(60000);
            c.ack(60000);
            assertNull(c.take(), "two duplicates are not enough");
            c.ack(60000);
            Seg re = c.take();
            assertNotNull(re, "third duplicate ACK: fast retransmit without waiting for the RTO");
            assertEquals(segs.get(1).seq(), re.seq());
            assertArrayEquals(segs.get(1).data(), re.data());
        }
    }

    @Test
    void zeroWindowIsProbedAndAWindowUpdateResumes() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40004);
            c.establish(0);
            Sock s = c.sock();
            byte[] down = bytes(3000, 5);
            s.conn.fromSocket(Unpooled.wrappedBuffer(down));
            assertNull(c.take(), "the client's window is closed");
            h.advance(1100);
            Seg probe = c.take();
            assertNotNull(probe, "a window probe after the persist timer");
            assertEquals(1, probe.data().length);
            assertEquals(down[0], probe.data()[0]);
            c.ack(0); // still closed: the probe byte is not taken
            assertNull(c.take());
            c.ack(8000); // window update
            List<Seg> segs = c.drain();
            assertArrayEquals(down, concat(segs), "the rest follows from the first unacknowledged byte");
            assertEquals(probe.seq(), segs.get(0).seq());
        }
    }

    @Test
    void ourWindowFollowsTheSocketAndReopens() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40005);
            Seg synAck = c.establish(8000);
            assertEquals(65535, synAck.window(), "no scaling offered by the client: at most 65535");
            Sock s = c.sock();
            s.room = 1500;
            c.data(bytes(1000, 6), 8000);
            assertEquals(1500, c.take().window(), "the window says what the socket can take");
            s.room = 0;
            c.data(bytes(400, 7), 8000);
            Seg b = c.take();
            assertEquals(0, b.window());
            assertEquals(c.seq, b.ack(), "data inside the window already offered is taken (the edge never moves back)");

            TcpClient d = c.other(40015);
            d.syn(new byte[0]);
            Sock t = d.sock();
            t.room = 0;
            t.conn.connected();
            Seg closed = d.take();
            assertEquals(0, closed.window(), "nothing offered while the socket is full");
            d.ack = closed.seq() + 1;
            d.ack(8000);
            d.data(bytes(100, 8), 8000);
            assertEquals(d.seq - 100, d.take().ack(), "beyond the offered window: not taken");
            d.seq -= 100;
            t.room = TcpConnection.RCV_WINDOW;
            t.conn.windowOpened();
            Seg update = d.take();
            assertNotNull(update, "window update when the socket drained");
            assertEquals(65535, update.window());
            d.data(bytes(100, 8), 8000);
            assertEquals(d.seq, d.take().ack());
            assertEquals(100, t.written.size());
            assertEquals(1400, s.written.size());
        }
    }

    @Test
    void theSocketIsNotReadWhileTheClientLagsAMegabyteBehind() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40016);
            c.establish(60000);
            Sock s = c.sock();
            assertTrue(s.readable);
            s.conn.fromSocket(Unpooled.wrappedBuffer(new byte[TcpConnection.SEND_BUFFER / 2]));
            assertTrue(s.readable);
            s.conn.fromSocket(Unpooled.wrappedBuffer(new byte[TcpConnection.SEND_BUFFER / 2]));
            assertFalse(s.readable, "1 MB unsent or unacknowledged: reading stops");
            List<Seg> sent = c.drain();
            assertTrue(sent.stream().mapToInt(x -> x.data().length).sum() <= 60000, "the client's window bounds what is sent");
            c.ack += TcpConnection.SEND_BUFFER / 2 + 1;
            c.ack(60000);
            assertFalse(s.readable, "an ACK beyond what was sent is refused");
            c.ack -= TcpConnection.SEND_BUFFER / 2 + 1;
            for (int i = 0; i < 40 && !s.readable; i++) {
                List<Seg> more = c.drain();
                Seg last = more.isEmpty() ? sent.get(sent.size() - 1) : more.get(more.size() - 1);
                c.ack = last.seq() + last.data().length;
                c.ack(60000);
            }
            assertTrue(s.readable, "reading resumes once half is acknowledged");
        }
    }

    @Test
    void theHubsBudgetPausesEveryFlowUntilClientsCatchUp() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient a = TcpClient.start(h, 40018, 100_000);
            a.establish(60000);
            Sock sa = a.sock();
            sa.conn.fromSocket(Unpooled.wrappedBuffer(new byte[100_000]));
            assertFalse(sa.readable, "the hub's budget is reached, far below the flow's own bound");
            List<Seg> sent = a.drain();
            TcpClient b = a.other(40019);
            b.establish(60000);
            Sock sb = b.sock();
            assertFalse(sb.readable, "a new flow does not read while the budget is used up");
            for (int i = 0; i < 100 && !sb.readable; i++) {
                sent.addAll(a.drain());
                if (!sent.isEmpty()) {
                    Seg last = sent.get(sent.size() - 1);
                    a.ack = last.seq() + last.data().length;
                }
                a.ack(60000);
            }
            assertTrue(sb.readable, "the first client caught up: every flow reads again");
            assertTrue(sa.readable);
        }
    }

    @Test
    void sequenceNumbersWrapAround() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40020);
            c.seq = -2000; // 0xFFFFF830: the client's data crosses 2^32
            c.establish(8000);
            Sock s = c.sock();
            byte[] up = bytes(4000, 11);
            for (int off = 0; off < up.length; off += 1000) {
                c.data(Arrays.copyOfRange(up, off, off + 1000), 8000);
            }
            List<Seg> acks = c.drain();
            assertEquals(c.seq, acks.get(acks.size() - 1).ack());
            assertArrayEquals(up, s.written.toByteArray());

            TcpClient d = c.other(40021);
            c.nat.iss = () -> -3000; // ours cross it too
            d.establish(60000);
            Sock t = d.sock();
            byte[] down = bytes(6000, 12);
            t.conn.fromSocket(Unpooled.wrappedBuffer(down));
            List<Seg> first = d.drain();
            d.ack = first.get(1).seq(); // the second segment, beyond 2^32, is lost
            for (int i = 0; i < 4; i++) {
                d.ack(60000);
            }
            List<Seg> re = d.drain();
            assertEquals(first.get(1).seq(), re.get(re.size() - 1).seq(), "fast retransmit across the wrap");
            int base = first.get(0).seq();
            assertTrue(base < 0 && base + down.length > 0, "the data crosses 2^32");
            byte[] got = new byte[down.length];
            int end = 0;
            for (Seg x : concatLists(first, re)) {
                System.arraycopy(x.data(), 0, got, x.seq() - base, x.data().length);
                end = Math.max(end, x.seq() - base + x.data().length);
            }
            assertArrayEquals(down, got);
            assertEquals(down.length, end);
            d.ack = base + end;
            d.ack(60000);
            h.advance(3000);
            assertNull(d.take(), "all acknowledged across the wrap: nothing resent");
        }
    }

    @Test
    void segmentsAfterAHoleAreKeptUntilItIsFilled() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40017);
            c.establish(8000);
            Sock s = c.sock();
            byte[] up = bytes(4000, 10);
            int start = c.seq;
            c.send(ACK, start + 1000, c.ack, 8000, new byte[0], Arrays.copyOfRange(up, 1000, 2000));
            c.send(ACK | FIN, start + 3000, c.ack, 8000, new byte[0], Arrays.copyOfRange(up, 3000, 4000));
            c.send(ACK, start + 2000, c.ack, 8000, new byte[0], Arrays.copyOfRange(up, 2000, 3000));
            for (Seg dup : c.drain()) {
                assertEquals(start, dup.ack(), "duplicate ACKs while the hole is open");
            }
            assertEquals(0, s.written.size());
            c.send(ACK, start, c.ack, 8000, new byte[0], Arrays.copyOfRange(up, 0, 1000));
            Seg a = c.take();
            assertEquals(start + 4001, a.ack(), "the hole filled: everything, FIN included, acknowledged at once");
            assertArrayEquals(up, s.written.toByteArray());
            assertTrue(s.outputShut);
        }
    }

    @Test
    void finBothWaysThenTimeWait() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40006);
            c.establish(8000);
            Sock s = c.sock();
            c.fin(8000);
            Seg a = c.take();
            assertEquals(c.seq, a.ack(), "FIN acknowledged");
            assertTrue(s.outputShut, "half-close toward the destination");
            assertEquals(NatTcpState.WAIT_DISCONNECT, sessions(h).get(0).tcpState());
            byte[] tail = bytes(700, 9);
            s.conn.fromSocket(Unpooled.wrappedBuffer(tail));
            s.conn.socketEof();
            List<Seg> segs = c.drain();
            assertArrayEquals(tail, concat(segs), "the destination's data still flows after the client's FIN");
            Seg fin = segs.get(segs.size() - 1);
            assertTrue(fin.has(FIN), "FIN after the queued data");
            c.ack = fin.seq() + fin.data().length + 1;
            c.ack(8000);
            assertTrue(s.closed);
            c.send(ACK | FIN, c.seq - 1, c.ack, 8000, new byte[0], new byte[0]); // our ACK was lost
            assertEquals(c.seq, c.take().ack(), "acknowledged again in TIME_WAIT");
            assertEquals(1, h.engine.status().tcpSessions());
            h.advance(2100);
            assertEquals(0, h.engine.status().tcpSessions(), "flow closed after TIME_WAIT");
            assertFalse(s.reset);
        }
    }

    @Test
    void resetsBothWaysAndIdleTimeout() {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient c = TcpClient.start(h, 40007);
            c.establish(8000);
            Sock s = c.sock();
            c.send(RST, c.seq + 100_000, 0, 0, new byte[0], new byte[0]);
            assertFalse(s.reset, "a RST outside the window is ignored");
            c.send(RST, c.seq, 0, 0, new byte[0], new byte[0]);
            assertTrue(s.reset, "client RST resets the destination");
            assertEquals(0, h.engine.status().tcpSessions());

            TcpClient d = c.other(40008);
            d.establish(8000);
            Sock t = d.sock();
            t.conn.socketReset();
            Seg r = d.take();
            assertTrue(r.has(RST), "destination reset resets the client");
            assertEquals(0, h.engine.status().tcpSessions());

            TcpClient e = c.other(40009);
            e.establish(8000);
            Sock u = e.sock();
            h.advance(SecureNatOptions.defaults(EngineHarness.HOST_MAC).natTcpTimeoutSeconds() * 1000L + 1000);
            assertTrue(e.take().has(RST), "idle timeout");
            assertTrue(u.reset);
            assertEquals(0, h.engine.status().tcpSessions());
        }
    }

    @Test
    void refusedConnectUnknownSegmentsAndFlowLimitGetResets() {
        try (EngineHarness h = new EngineHarness(SecureNatOptions.defaults(EngineHarness.HOST_MAC), new FlowLimits(1, 1))) {
            TcpClient c = TcpClient.start(h, 40010);
            c.syn(new byte[0]);
            c.sock().conn.connectFailed();
            Seg r = c.take();
            assertTrue(r.has(RST | ACK));
            assertEquals(c.seq, r.ack(), "as the destination's own RST would");
            assertEquals(0, h.engine.status().tcpSessions());

            c.send(ACK, 5, 777, 100, new byte[0], new byte[0]);
            Seg unknown = c.take();
            assertTrue(unknown.has(RST));
            assertEquals(777, unknown.seq(), "RST for a segment of no connection takes its ACK number");

            TcpClient d = c.other(40011);
            d.syn(new byte[0]);
            assertNull(d.take());
            TcpClient e = c.other(40012);
            e.syn(new byte[0]);
            Seg limit = e.take();
            assertTrue(limit.has(RST | ACK), "over the flow limit");
            assertEquals(1, h.engine.status().flowsRefused());
            assertEquals(1, h.engine.status().tcpSessions());
        }
    }

    private static List<NatEntry> sessions(EngineHarness h) {
        List<NatEntry> out = h.engine.natSessions();
        assertTrue(out.stream().allMatch(e -> e.protocol() == NatProtocol.TCP));
        return out;
    }
}
