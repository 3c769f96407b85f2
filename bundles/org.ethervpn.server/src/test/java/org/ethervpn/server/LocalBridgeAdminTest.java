package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.BridgeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local bridges through the admin API: persisted, listed with a status a person understands while
 * they cannot run, refused when invalid; and the VPN Bridge mode (one hub, BRIDGE). Frames through
 * a bridge are tested in the product, in network namespaces.
 */
class LocalBridgeAdminTest {
    @TempDir
    Path dir;

    @Test
    void bridgesPersistAndSayWhatTheyWaitFor() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.admin.bridgeCreate("DEFAULT", "veth1", false);
            s.admin.bridgeCreate("NOHUB", "lan", true);
            s.admin.bridgeCreate("default", "veth1", false); // again: no error, nothing new
            assertEquals(2, s.admin.bridgeList().size());
            waitForStatus(s, "DEFAULT", "error: no \"packet\" virtual adapter plugin is installed");
            waitForStatus(s, "NOHUB", "offline: there is no virtual hub NOHUB");
            assertTrue(Files.readString(s.configFile).contains("\"device\": \"veth1\""), Files.readString(s.configFile));
        }
        try (TestServer s = new TestServer(dir)) {
            List<BridgeInfo> list = s.admin.bridgeList();
            assertEquals(List.of("DEFAULT/veth1/false", "NOHUB/lan/true"),
                    list.stream().map(b -> b.hub() + "/" + b.device() + "/" + b.tap()).toList());
            assertFalse(list.get(0).active());
            s.admin.bridgeDelete("default", "veth1");
            AdminException e = assertThrows(AdminException.class, () -> s.admin.bridgeDelete("DEFAULT", "veth1"));
            assertEquals(AdminError.OBJECT_NOT_FOUND, e.error());
            assertEquals(1, s.admin.bridgeList().size());
        }
    }

    @Test
    void invalidBridgesAreRefusedAndNothingIsSaved() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            String before = Files.readString(s.configFile);
            for (String[] bad : new String[][] {{"DEFAULT", "has space"}, {"DEFAULT", ""}, {"DEFAULT", "sixteen-chars-xx"},
                    {"bad hub!", "eth0"}}) {
                AdminException e = assertThrows(AdminException.class, () -> s.admin.bridgeCreate(bad[0], bad[1], false));
                assertEquals(AdminError.INVALID_PARAMETER, e.error(), e.getMessage());
            }
            s.admin.bridgeCreate("DEFAULT", "eth9", false);
            AdminException e = assertThrows(AdminException.class, () -> s.admin.bridgeCreate("DEFAULT", "eth9", true));
            assertTrue(e.getMessage().contains("already bridged"), e.getMessage());
            assertEquals(1, s.admin.bridgeList().size());
            assertFalse(before.contains("eth9"));
        }
    }

    @Test
    void aVpnBridgeHasTheOneHubBridge() throws Exception {
        try (TestServer s = new TestServer(dir, 3000, true)) {
            assertTrue(s.admin.isBridge());
            assertEquals(List.of("BRIDGE"), s.admin.hubList().stream().map(h -> h.name()).toList());
            AdminException e = assertThrows(AdminException.class, () -> s.admin.hubCreate("OTHER"));
            assertEquals(AdminError.NOT_SUPPORTED, e.error());
            e = assertThrows(AdminException.class, () -> s.admin.hubDelete("BRIDGE"));
            assertEquals(AdminError.NOT_SUPPORTED, e.error());
            s.admin.bridgeCreate("BRIDGE", "eth0", false); // what a VPN Bridge is for
            s.admin.userCreate("BRIDGE", "u", null, null);
        }
        try (TestServer s = new TestServer(dir.resolve("server"))) {
            assertFalse(s.admin.isBridge());
            assertEquals(List.of("DEFAULT"), s.admin.hubList().stream().map(h -> h.name()).toList());
        }
    }

    private static void waitForStatus(TestServer s, String hub, String status) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        String seen = "";
        while (System.nanoTime() < end) {
            for (BridgeInfo b : s.admin.bridgeList()) {
                if (b.hub().equals(hub)) {
                    seen = b.status();
                }
            }
            if (seen.equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(status, seen);
    }
}
