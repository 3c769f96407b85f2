package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.BROADCAST;
import static org.ethervpn.hub.Frames.drainCount;
import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ageing, table capacity and per-port MAC limits, on a fake clock. */
class MacLearningTest {
    private static final Instant WALL = Instant.parse("2025-01-01T00:00:00Z");

    private final Frames frames = new Frames();
    private final Frames.FakeClock clock = new Frames.FakeClock();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void released() {
        frames.assertAllReleased();
    }

    private VirtualHub hub(int capacity, Duration ageing) {
        long start = clock.now();
        InstantSource wall = () -> WALL.plusNanos(clock.now() - start);
        return new VirtualHub("H", HubSettings.defaults().withMacTable(capacity, ageing).withClocks(clock::now, wall));
    }

    @Test
    void defaultsAreDocumented() {
        HubSettings d = HubSettings.defaults();
        assertEquals(Duration.ofSeconds(600), d.macAgeing());
        assertEquals(65536, d.macTableCapacity());
        assertEquals(0, d.maxSessions());
    }

    @Test
    void macAgesOutAndIsFloodedAgain() {
        VirtualHub hub = hub(1024, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        HubPort c = hub.join(PortConfig.session("c"));
        hub.forward(b, frames.frame(BROADCAST, mac(2)));
        drainCount(a);
        drainCount(c);

        clock.advanceSeconds(600);
        hub.forward(a, frames.frame(mac(2), mac(1)));
        assertEquals(1, drainCount(b));
        assertEquals(0, drainCount(c), "still within the ageing time");

        clock.advanceSeconds(1);
        hub.forward(a, frames.frame(mac(2), mac(1)));
        assertEquals(1, drainCount(b));
        assertEquals(1, drainCount(c), "aged: flooded");
        assertTrue(hub.macTable().stream().noneMatch(e -> e.portName().equals("b")), "aged entries are not listed");

        assertEquals(2, hub.macCount());
        assertEquals(1, hub.expireMacs());
        assertEquals(1, hub.macCount());
        assertEquals(0, b.macCount());
        a.leave();
        b.leave();
        c.leave();
    }

    @Test
    void trafficKeepsAMacAlive() {
        VirtualHub hub = hub(1024, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        HubPort c = hub.join(PortConfig.session("c"));
        for (int i = 0; i < 5; i++) {
            hub.forward(b, frames.frame(BROADCAST, mac(2)));
            clock.advanceSeconds(300);
        }
        drainCount(a);
        drainCount(c);
        hub.forward(a, frames.frame(mac(2), mac(1)));
        assertEquals(0, drainCount(c));
        assertEquals(0, hub.expireMacs());
        MacTableEntry e = hub.macTable().stream().filter(x -> x.portName().equals("b")).findFirst().orElseThrow();
        assertEquals(WALL, e.created());
        assertEquals(WALL.plusSeconds(1200), e.lastSeen());
        a.leave();
        b.leave();
        c.leave();
    }

    @Test
    void fullTableDoesNotLearnButStillSwitches() {
        VirtualHub hub = hub(4, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.cascade("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        for (int i = 1; i <= 4; i++) {
            hub.forward(a, frames.frame(BROADCAST, mac(i)));
        }
        hub.forward(a, frames.frame(BROADCAST, mac(5)));
        assertEquals(5, drainCount(b), "frames from the unlearned MAC still pass");
        assertEquals(4, hub.macCount());
        assertEquals(1, hub.unlearnedMacs());

        // the known entries keep working; the unlearned MAC is flooded to
        hub.forward(b, frames.frame(mac(1), mac(5)));
        assertEquals(1, drainCount(a));
        assertEquals(4, a.macCount());
        assertEquals(2, hub.unlearnedMacs());
        a.leave();
        b.leave();
    }

    @Test
    void fullTableMakesRoomByRemovingAgedEntries() {
        VirtualHub hub = hub(4, Duration.ofSeconds(60));
        HubPort a = hub.join(PortConfig.cascade("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        for (int i = 1; i <= 4; i++) {
            hub.forward(a, frames.frame(BROADCAST, mac(i)));
        }
        clock.advanceSeconds(61);
        hub.forward(b, frames.frame(BROADCAST, mac(10)));
        assertEquals(0, hub.unlearnedMacs());
        assertEquals(1, hub.macCount());
        assertEquals(0, a.macCount());
        assertEquals(1, b.macCount());
        drainCount(a);
        a.leave();
        b.leave();
    }

    @Test
    void sessionMacLimitDropsFramesFromFurtherMacs() {
        VirtualHub hub = hub(1024, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.session("a").withMaxMacs(1));
        HubPort bridge = hub.join(PortConfig.localBridge("br"));
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        hub.forward(a, frames.frame(BROADCAST, mac(2)));
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        assertEquals(2, drainCount(bridge));
        assertEquals(1, a.macCount());
        assertEquals(1, a.counters().framesRejected());
        assertEquals(2, a.counters().framesIn());

        // a MAC cannot move onto a port at its limit either
        hub.forward(bridge, frames.frame(BROADCAST, mac(3)));
        drainCount(a);
        hub.forward(a, frames.frame(BROADCAST, mac(3)));
        assertEquals(2, a.counters().framesRejected());
        assertEquals(1, bridge.macCount());

        // a bridge learns many
        for (int i = 10; i < 200; i++) {
            hub.forward(bridge, frames.frame(BROADCAST, mac(i)));
        }
        assertEquals(191, bridge.macCount());
        drainCount(a);
        a.leave();
        bridge.leave();
    }

    @Test
    void leavingForgetsThePortsMacs() {
        VirtualHub hub = hub(1024, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.cascade("b"));
        HubPort c = hub.join(PortConfig.session("c"));
        hub.forward(b, frames.frame(BROADCAST, mac(2)));
        hub.forward(b, frames.frame(BROADCAST, mac(3)));
        drainCount(a);
        drainCount(c);
        assertEquals(2, hub.macCount());
        b.leave();
        assertEquals(0, hub.macCount());
        assertTrue(hub.macTable().isEmpty());

        hub.forward(a, frames.frame(mac(2), mac(1)));
        assertEquals(1, drainCount(c), "unknown again: flooded to those left");
        a.leave();
        c.leave();
    }

    @Test
    void manyMacsSpreadOverBuckets() {
        VirtualHub hub = hub(65536, Duration.ofSeconds(600));
        HubPort a = hub.join(PortConfig.cascade("a").withQueue(8192, 1 << 24));
        HubPort b = hub.join(PortConfig.cascade("b").withQueue(8192, 1 << 24));
        for (int i = 0; i < 5000; i++) {
            hub.forward(i % 2 == 0 ? a : b, frames.frame(BROADCAST, mac(i), 0));
        }
        assertEquals(5000, hub.macCount());
        assertEquals(2500, a.macCount());
        drainCount(a);
        drainCount(b);
        for (int i = 0; i < 5000; i++) {
            hub.forward(i % 2 == 0 ? a : b, frames.frame(mac(i + 1), mac(i), 0));
        }
        // b's MACs are odd, a's even; the last frame's destination, mac(5000), is unknown: flooded to a
        assertEquals(2500, drainCount(a));
        assertEquals(2500, drainCount(b));
        assertEquals(0, a.counters().framesDropped() + b.counters().framesDropped());
        a.leave();
        b.leave();
    }
}
