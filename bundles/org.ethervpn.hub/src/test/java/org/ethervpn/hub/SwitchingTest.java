package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.BROADCAST;
import static org.ethervpn.hub.Frames.MULTICAST;
import static org.ethervpn.hub.Frames.drainCount;
import static org.ethervpn.hub.Frames.drainHeaders;
import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SwitchingTest {
    private final Frames frames = new Frames();
    private final VirtualHub hub = new VirtualHub("DEFAULT");
    private final HubPort a = hub.join(PortConfig.session("alice"));
    private final HubPort b = hub.join(PortConfig.session("bob"));
    private final HubPort c = hub.join(PortConfig.cascade("link"));

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void released() {
        for (HubPort p : List.of(a, b, c)) {
            p.leave();
        }
        frames.assertAllReleased();
    }

    @Test
    void broadcastFloodsToAllButTheSource() {
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        assertEquals(0, drainCount(a));
        assertArrayEquals(new long[] {BROADCAST, mac(1)}, drainHeaders(b).getFirst());
        assertEquals(1, drainCount(c));
    }

    @Test
    void multicastAndUnknownUnicastFlood() {
        hub.forward(a, frames.frame(MULTICAST, mac(1)));
        hub.forward(a, frames.frame(mac(99), mac(1)));
        assertEquals(0, drainCount(a));
        assertEquals(2, drainCount(b));
        assertEquals(2, drainCount(c));
    }

    @Test
    void learnedUnicastGoesOnlyToItsPort() {
        hub.forward(b, frames.frame(BROADCAST, mac(2)));
        drainCount(a);
        drainCount(c);

        hub.forward(a, frames.frame(mac(2), mac(1)));
        List<long[]> atB = drainHeaders(b);
        assertEquals(1, atB.size());
        assertArrayEquals(new long[] {mac(2), mac(1)}, atB.getFirst());
        assertEquals(0, drainCount(c));
        assertEquals(0, drainCount(a));

        // and the reply, now that mac(1) is known on a
        hub.forward(b, frames.frame(mac(1), mac(2)));
        assertEquals(1, drainCount(a));
        assertEquals(0, drainCount(c));
    }

    @Test
    void frameToAMacOnItsOwnPortIsNotEchoed() {
        hub.forward(c, frames.frame(BROADCAST, mac(5)));
        hub.forward(c, frames.frame(BROADCAST, mac(6)));
        drainCount(a);
        drainCount(b);
        hub.forward(c, frames.frame(mac(5), mac(6)));
        assertEquals(0, drainCount(a) + drainCount(b) + drainCount(c));
        assertEquals(2, c.macCount());
    }

    @Test
    void macMovesToTheNewPort() {
        hub.forward(a, frames.frame(BROADCAST, mac(7)));
        hub.forward(b, frames.frame(BROADCAST, mac(7)));
        drainCount(a);
        drainCount(b);
        drainCount(c);
        assertEquals(0, a.macCount());
        assertEquals(1, b.macCount());

        hub.forward(c, frames.frame(mac(7), mac(8)));
        assertEquals(1, drainCount(b));
        assertEquals(0, drainCount(a));
        assertEquals("bob", hub.macTable().stream()
                .filter(e -> e.mac().equals("02-AC-00-00-00-07")).findFirst().orElseThrow().portName());
    }

    @Test
    void runtFramesAndGroupSourcesAreRejected() {
        hub.forward(a, frames.raw(13));
        hub.forward(a, frames.raw(0));
        hub.forward(a, frames.frame(BROADCAST, MULTICAST));
        assertEquals(0, drainCount(b) + drainCount(c));
        assertEquals(3, a.counters().framesRejected());
        assertEquals(0, a.counters().framesIn());
        assertEquals(0, hub.macCount());

        hub.forward(a, frames.frame(BROADCAST, mac(1), 0)); // header only, 14 bytes: switched
        assertEquals(1, drainCount(b));
        assertEquals(1, drainCount(c));
        hub.forward(a, frames.raw(14)); // all zero: to and from 00-00-00-00-00-00, never echoed
        assertEquals(0, drainCount(b) + drainCount(c));
        assertEquals(2, a.counters().framesIn());
    }

    @Test
    void frameOfAnotherPortIsRefusedAndReleased() {
        VirtualHub other = new VirtualHub("OTHER");
        HubPort foreign = other.join(PortConfig.session("x"));
        assertThrows(IllegalArgumentException.class, () -> hub.forward(foreign, frames.frame(BROADCAST, mac(1))));
        foreign.leave();
    }

    @Test
    void hubsAreIsolated() {
        VirtualHub other = new VirtualHub("OTHER");
        HubPort x = other.join(PortConfig.session("x"));
        HubPort y = other.join(PortConfig.session("y"));
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        other.forward(x, frames.frame(BROADCAST, mac(1)));
        other.forward(x, frames.frame(mac(2), mac(1)));
        assertEquals(1, drainCount(b));
        assertEquals(1, drainCount(c));
        assertEquals(2, drainCount(y));
        assertEquals(1, hub.macTable().size());
        assertEquals("alice", hub.macTable().getFirst().portName());
        assertEquals("x", other.macTable().getFirst().portName());
        x.leave();
        y.leave();
    }

    @Test
    void batchForwardConsumesEveryFrame() {
        List<ByteBuf> batch = new ArrayList<>();
        batch.add(frames.frame(BROADCAST, mac(1)));
        batch.add(frames.raw(3));
        batch.add(frames.frame(mac(9), mac(1)));
        hub.forward(a, batch);
        assertEquals(2, drainCount(b));
        assertEquals(1, a.counters().framesRejected());
    }

    @Test
    void batchWithAForeignPortReleasesTheRest() {
        VirtualHub other = new VirtualHub("OTHER");
        HubPort foreign = other.join(PortConfig.session("x"));
        List<ByteBuf> batch = List.of(frames.frame(BROADCAST, mac(1)), frames.frame(BROADCAST, mac(2)));
        assertThrows(IllegalArgumentException.class, () -> hub.forward(foreign, batch));
        foreign.leave();
    }

    @Test
    void floodedCopiesHaveOwnIndicesAndSameBytes() {
        ByteBuf sent = frames.frame(BROADCAST, mac(1), 100);
        byte[] expected = new byte[sent.readableBytes()];
        sent.getBytes(0, expected);
        hub.forward(a, sent);
        List<ByteBuf> atB = Frames.drain(b);
        List<ByteBuf> atC = Frames.drain(c);
        atB.getFirst().skipBytes(20);
        byte[] got = new byte[atC.getFirst().readableBytes()];
        atC.getFirst().readBytes(got);
        assertArrayEquals(expected, got);
        atB.forEach(ByteBuf::release);
        atC.forEach(ByteBuf::release);
    }

    @Test
    void macTableShowsTextNamesAndTimes() {
        hub.forward(a, frames.frame(BROADCAST, 0x00AC_1234_5678L));
        drainCount(b);
        drainCount(c);
        MacTableEntry e = hub.macTable().getFirst();
        assertEquals("00-AC-12-34-56-78", e.mac());
        assertEquals(a.id(), e.portId());
        assertEquals(0x00AC_1234_5678L, Macs.parse(e.mac()));
        assertEquals(e.created(), e.lastSeen());
    }
}
