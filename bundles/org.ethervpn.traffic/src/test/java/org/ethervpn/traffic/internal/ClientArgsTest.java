package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficOptions;
import org.junit.jupiter.api.Test;

class ClientArgsTest {
    @Test
    void hostAndPortForms() {
        assertEquals(9821, ClientArgs.options("example.org", "full", 32, 15, false, false).port());
        TrafficOptions o = ClientArgs.options("10.0.0.1:1234", "down", 3, 2, true, false);
        assertEquals("10.0.0.1", o.host());
        assertEquals(1234, o.port());
        assertEquals(TrafficDirection.DOWNLOAD, o.direction());
        assertEquals(2000, o.span().toMillis());
        assertEquals("::1", ClientArgs.options("[::1]:99", "u", 1, 1, false, false).host());
        assertEquals(99, ClientArgs.options("[::1]:99", "u", 1, 1, false, false).port());
        assertEquals("fe80::1", ClientArgs.options("fe80::1", "u", 1, 1, false, false).host());
    }

    @Test
    void softEthersLimitsAreRefusedWithAReason() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> ClientArgs.options("h", "full", 3, 15, false, false));
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h", "full", 33, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h", "full", 0, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h", "sideways", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h:x", "full", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h:0", "full", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> ClientArgs.options("h", "full", 2, 0, false, false));
    }

    @Test
    void fullAlternatesDownloadAndUpload() {
        TrafficOptions o = ClientArgs.options("h", "full", 4, 1, false, false);
        assertTrue(o.downloads(0));
        assertFalse(o.downloads(1));
        assertTrue(o.downloads(2));
        assertFalse(o.downloads(3));
    }
}
