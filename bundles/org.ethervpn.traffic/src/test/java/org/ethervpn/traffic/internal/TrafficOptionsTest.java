package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficOptions;
import org.junit.jupiter.api.Test;

class TrafficOptionsTest {
    @Test
    void hostAndPortForms() {
        assertEquals(9821, TrafficOptions.parse("example.org", "full", 32, 15, false, false).port());
        TrafficOptions o = TrafficOptions.parse("10.0.0.1:1234", "down", 3, 2, true, false);
        assertEquals("10.0.0.1", o.host());
        assertEquals(1234, o.port());
        assertEquals(TrafficDirection.DOWNLOAD, o.direction());
        assertEquals(2000, o.span().toMillis());
        assertEquals("::1", TrafficOptions.parse("[::1]:99", "u", 1, 1, false, false).host());
        assertEquals(99, TrafficOptions.parse("[::1]:99", "u", 1, 1, false, false).port());
        assertEquals("fe80::1", TrafficOptions.parse("fe80::1", "u", 1, 1, false, false).host());
    }

    @Test
    void softEthersLimitsAreRefusedWithAReason() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> TrafficOptions.parse("h", "full", 3, 15, false, false));
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h", "full", 33, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h", "full", 0, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h", "sideways", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h:x", "full", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h:0", "full", 2, 15, false, false));
        assertThrows(IllegalArgumentException.class, () -> TrafficOptions.parse("h", "full", 2, 0, false, false));
    }

    @Test
    void fullAlternatesDownloadAndUpload() {
        TrafficOptions o = TrafficOptions.parse("h", "full", 4, 1, false, false);
        assertTrue(o.downloads(0));
        assertFalse(o.downloads(1));
        assertTrue(o.downloads(2));
        assertFalse(o.downloads(3));
    }
}
