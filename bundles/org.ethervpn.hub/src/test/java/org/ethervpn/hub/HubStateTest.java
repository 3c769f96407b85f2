package org.ethervpn.hub;

import static org.ethervpn.hub.Frames.BROADCAST;
import static org.ethervpn.hub.Frames.drainCount;
import static org.ethervpn.hub.Frames.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Online/offline, the session limit, snapshots and argument checks. */
class HubStateTest {
    private final Frames frames = new Frames();

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void released() {
        frames.assertAllReleased();
    }

    @Test
    void offlineHubDropsFramesAndRefusesJoins() {
        VirtualHub hub = new VirtualHub("H");
        assertTrue(hub.isOnline());
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.session("b"));
        hub.setOnline(false);
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        assertEquals(0, b.queuedFrames());
        assertEquals(1, a.counters().framesRejected());
        assertEquals(0, hub.macCount());
        HubJoinException e = assertThrows(HubJoinException.class, () -> hub.join(PortConfig.session("c")));
        assertEquals(HubJoinException.Reason.OFFLINE, e.reason());
        assertEquals(2, hub.portCount(), "joined ports stay");

        hub.setOnline(true);
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        assertEquals(1, drainCount(b));
        a.leave();
        b.leave();
    }

    @Test
    void maxSessionsRefusesFurtherJoinsUntilOneLeaves() {
        VirtualHub hub = new VirtualHub("H", HubSettings.defaults().withMaxSessions(2));
        HubPort a = hub.join(PortConfig.session("a"));
        HubPort b = hub.join(PortConfig.cascade("b"));
        HubJoinException e = assertThrows(HubJoinException.class, () -> hub.join(PortConfig.session("c")));
        assertEquals(HubJoinException.Reason.FULL, e.reason());
        assertTrue(e.getMessage().contains("maximum of 2"), e.getMessage());
        a.leave();
        HubPort c = hub.join(PortConfig.session("c"));
        assertEquals(List.of("b", "c"), hub.ports().stream().map(PortStatus::name).toList());
        assertTrue(c.id() > b.id(), "ids are not reused");
        b.leave();
        c.leave();
    }

    @Test
    void portsSnapshotShowsKindsAndQueues() {
        VirtualHub hub = new VirtualHub("H");
        HubPort a = hub.join(PortConfig.session("SID-ALICE-1"));
        HubPort br = hub.join(PortConfig.localBridge("eth0"));
        hub.forward(a, frames.frame(BROADCAST, mac(1)));
        List<PortStatus> ports = hub.ports();
        assertEquals(PortKind.SESSION, ports.get(0).kind());
        assertEquals(1, ports.get(0).macCount());
        assertEquals(PortKind.LOCAL_BRIDGE, ports.get(1).kind());
        assertEquals(1, ports.get(1).queuedFrames());
        assertEquals("H", br.hub().name());
        a.leave();
        br.leave();
    }

    @Test
    void settingsAndConfigsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> PortConfig.session("x").withQueue(0, 100_000));
        assertThrows(IllegalArgumentException.class, () -> PortConfig.session("x").withQueue(10, 100));
        assertThrows(IllegalArgumentException.class, () -> PortConfig.session("x").withMaxMacs(-1));
        assertThrows(IllegalArgumentException.class, () -> HubSettings.defaults().withMaxSessions(-1));
        assertThrows(IllegalArgumentException.class,
                () -> HubSettings.defaults().withMacTable(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> HubSettings.defaults().withMacTable(10, Duration.ZERO));
        VirtualHub hub = new VirtualHub("H");
        HubPort a = hub.join(PortConfig.session("a"));
        assertThrows(IllegalArgumentException.class, () -> a.drainTo(new java.util.ArrayList<>(), 0));
        a.leave();
    }
}
