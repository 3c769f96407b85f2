package org.ethervpn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.FlowHash;
import org.ethervpn.protocol.TunnelBlock;
import org.ethervpn.protocol.TunnelDecoder;
import org.ethervpn.protocol.TunnelLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * How a session spreads what it sends over its connections, on Netty's embedded channels (no
 * sockets): flows are spread evenly, a flow stays on one connection and in order, half-duplex
 * directions are honoured, and flows move when their connection goes.
 */
class TunnelSessionSpreadTest {
    private final Link link = new Link();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final Map<EmbeddedChannel, EmbeddedChannel> decoders = new HashMap<>();

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        decoders.values().forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void flowsAreSpreadEvenlyAndEachStaysInOrderOnOneConnection() {
        TunnelSession session = session(4, false);
        List<TunnelConnection> cs = attach(session, ConnectionDirection.BOTH, 4);
        List<Integer> ports = portsInDistinctBuckets(16);
        send(session, ports, 10);

        for (TunnelConnection c : cs) {
            assertEquals(40, c.framesOut(), "4 of the 16 flows on each connection: " + counters(cs));
        }
        Map<Integer, Set<String>> flowConnections = new HashMap<>();
        Map<Integer, Integer> lastSeq = new HashMap<>();
        for (int i = 0; i < cs.size(); i++) {
            for (ByteBuf f : sentFrames(channels.get(i))) {
                int port = f.getUnsignedShort(34);
                int seq = f.getInt(42);
                flowConnections.computeIfAbsent(port, k -> new HashSet<>()).add(cs.get(i).name());
                assertEquals(lastSeq.getOrDefault(port, -1) + 1, seq, "flow " + port + " in order");
                lastSeq.put(port, seq);
                f.release();
            }
        }
        assertEquals(16, flowConnections.size());
        flowConnections.forEach((port, names) -> assertEquals(1, names.size(), "flow " + port + " used " + names));
    }

    @Test
    void halfDuplexSendsOnlyOnConnectionsThatGoItsWay() {
        TunnelSession client = session(4, false);
        List<TunnelConnection> cs = new ArrayList<>();
        cs.addAll(attach(client, ConnectionDirection.CLIENT_TO_SERVER, 1));
        cs.addAll(attach(client, ConnectionDirection.SERVER_TO_CLIENT, 2));
        cs.addAll(attach(client, ConnectionDirection.CLIENT_TO_SERVER, 1));
        send(client, portsInDistinctBuckets(16), 5);

        assertEquals(2, client.sendCapableCount());
        assertEquals(40, cs.get(0).framesOut(), counters(cs));
        assertEquals(0, cs.get(1).framesOut(), counters(cs));
        assertEquals(0, cs.get(2).framesOut(), counters(cs));
        assertEquals(40, cs.get(3).framesOut(), counters(cs));
        for (int i = 1; i <= 2; i++) {
            assertEquals(0, sentFrames(channels.get(i)).size(), "nothing, not even a keep-alive, goes against the direction");
        }
    }

    @Test
    void theFlowsOfAClosedConnectionMoveToTheOthers() {
        TunnelSession session = session(3, false);
        List<TunnelConnection> cs = attach(session, ConnectionDirection.BOTH, 3);
        List<Integer> ports = portsInDistinctBuckets(6);
        send(session, ports, 2);
        long before = cs.get(1).framesOut();
        assertTrue(before > 0, counters(cs));

        channels.get(1).close();
        runAll();
        assertEquals(2, session.connectionCount());
        send(session, ports, 2);
        assertEquals(before, cs.get(1).framesOut());
        assertEquals(24, cs.get(0).framesOut() + cs.get(1).framesOut() + cs.get(2).framesOut(), counters(cs));
        assertEquals(0, link.queue.size());
    }

    // ---------------------------------------------------------------- helpers

    private TunnelSession session(int max, boolean serverSide) {
        return new TunnelSession("s", new SessionParameters(max, true, false, false, false, 20_000), serverSide, link,
                (s, c, reason, remaining) -> { }, null, null);
    }

    private List<TunnelConnection> attach(TunnelSession session, ConnectionDirection direction, int n) {
        List<TunnelConnection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            channels.add(ch);
            out.add(session.attach(ch, direction, "c" + channels.size(), "none"));
        }
        runAll();
        return out;
    }

    /** {@code perFlow} frames of every flow, the flows interleaved, then lets the session drain. */
    private void send(TunnelSession session, List<Integer> ports, int perFlow) {
        for (int seq = 0; seq < perFlow; seq++) {
            for (int port : ports) {
                link.queue.add(udp(port, nextSeq.merge(port, 1, Integer::sum) - 1));
            }
        }
        session.wakeup();
        runAll();
        assertEquals(0, link.queue.size(), "the session drained the link");
    }

    private final Map<Integer, Integer> nextSeq = new HashMap<>();

    private void runAll() {
        for (int round = 0; round < 50; round++) {
            for (EmbeddedChannel ch : channels) {
                ch.runPendingTasks();
            }
        }
    }

    /** The frames (keep-alives left out) a connection put on the wire, decoded. */
    private List<ByteBuf> sentFrames(EmbeddedChannel ch) {
        EmbeddedChannel decoder = decoders.computeIfAbsent(ch,
                k -> new EmbeddedChannel(new TunnelDecoder(TunnelLimits.DEFAULT, null)));
        Object o;
        while ((o = ch.readOutbound()) != null) {
            decoder.writeInbound(o);
        }
        List<ByteBuf> frames = new ArrayList<>();
        while ((o = decoder.readInbound()) != null) {
            if (o instanceof TunnelBlock b) {
                for (int i = 0; i < b.count(); i++) {
                    frames.add(b.detach(i));
                }
                b.release();
            } else {
                ReferenceCountUtil.release(o);
            }
        }
        return frames;
    }

    private static List<Integer> portsInDistinctBuckets(int n) {
        List<Integer> ports = new ArrayList<>();
        Set<Integer> buckets = new HashSet<>();
        for (int port = 20_000; ports.size() < n; port++) {
            if (buckets.add(FlowHash.of(udp(port, 0)) & (TunnelSession.FLOW_BUCKETS - 1))) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** Ethernet + IPv4 + UDP from {@code port}, the payload a sequence number (at offset 42). */
    private static ByteBuf udp(int port, int seq) {
        ByteBuf f = Unpooled.buffer(64);
        f.writeBytes(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).writeShort(0x0800);
        f.writeByte(0x45).writeByte(0).writeShort(32).writeShort(0).writeShort(0).writeByte(64).writeByte(17)
                .writeShort(0).writeInt(0x0A000001).writeInt(0x0A000002);
        f.writeShort(port).writeShort(5201).writeShort(12).writeShort(0).writeInt(seq);
        return f;
    }

    private static String counters(List<TunnelConnection> cs) {
        StringBuilder b = new StringBuilder();
        for (TunnelConnection c : cs) {
            b.append(c.name()).append('=').append(c.framesOut()).append(' ');
        }
        return b.toString();
    }

    private static final class Link implements SessionLink {
        final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();

        @Override
        public void received(List<ByteBuf> frames) {
            frames.forEach(ByteBuf::release);
        }

        @Override
        public int drainTo(List<? super ByteBuf> out, int max) {
            int n = 0;
            ByteBuf f;
            while (n < max && (f = queue.poll()) != null) {
                out.add(f);
                n++;
            }
            return n;
        }
    }
}
