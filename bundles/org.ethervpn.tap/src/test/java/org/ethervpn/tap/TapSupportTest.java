package org.ethervpn.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class TapSupportTest {
    @Test
    void validNames() {
        assertNull(TapSupport.checkInterfaceName("tap0"));
        assertNull(TapSupport.checkInterfaceName("vpn_hub-1.a"));
        assertNull(TapSupport.checkInterfaceName("a23456789012345")); // 15: the limit
    }

    @Test
    void invalidNames() {
        assertTrue(TapSupport.checkInterfaceName("").contains("empty"));
        assertTrue(TapSupport.checkInterfaceName(null).contains("empty"));
        assertTrue(TapSupport.checkInterfaceName("a234567890123456").contains("at most 15"));
        assertTrue(TapSupport.checkInterfaceName(".").contains("not a valid"));
        assertTrue(TapSupport.checkInterfaceName("..").contains("not a valid"));
        assertTrue(TapSupport.checkInterfaceName("tap/0").contains("'/'"));
        assertTrue(TapSupport.checkInterfaceName("tap 0").contains("' '"));
        assertTrue(TapSupport.checkInterfaceName("tap:0").contains("':'"));
        assertTrue(TapSupport.checkInterfaceName("tap%d").contains("'%'"));
        assertTrue(TapSupport.checkInterfaceName("t\n").contains("\\u000a"));
        assertTrue(TapSupport.checkInterfaceName("täp").contains("'ä'"));
        assertTrue(TapSupport.checkInterfaceName("ääääääää").contains("16 bytes"));
    }

    @Test
    void openRejectsBadNamesBeforeTouchingTheSystem() {
        IOException e = assertThrows(IOException.class, () -> TapAdapter.open("much-too-long-name", TapAdapter.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("at most 15"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> new TapAdapterFactory().open("bad/name"));
        assertTrue(e2.getMessage().contains("'/'"), e2.getMessage());
        IOException e3 = assertThrows(IOException.class, () -> new PacketAdapterFactory().open(""));
        assertTrue(e3.getMessage().contains("empty"), e3.getMessage());
    }

    @Test
    void macParsing() {
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0x10, 0, 1}, TapSupport.parseMac("02:00:5e:10:00:01"));
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0x10, 0, (byte) 0xab}, TapSupport.parseMac("02-00-5E-10-00-AB"));
        assertEquals("02:00:5e:10:00:ab", TapSupport.formatMac(TapSupport.parseMac("02-00-5E-10-00-AB")));
        assertThrows(IllegalArgumentException.class, () -> TapSupport.parseMac("02:00:5e:10:00"));
        assertThrows(IllegalArgumentException.class, () -> TapSupport.parseMac("02:00:5e:10:00:zz"));
        assertThrows(IllegalArgumentException.class, () -> TapSupport.parseMac("02:00:5e:10:00:1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TapSupport.parseMac("01:00:5e:10:00:01"))
                .getMessage().contains("multicast"));
        assertThrows(IllegalArgumentException.class, () -> TapSupport.parseMac("00:00:00:00:00:00"));
    }

    @Test
    void options() {
        assertThrows(IllegalArgumentException.class, () -> new TapAdapter.Options(null, 67));
        assertThrows(IllegalArgumentException.class, () -> new TapAdapter.Options(new byte[5], 0));
        byte[] mac = {2, 1, 2, 3, 4, 5};
        TapAdapter.Options o = new TapAdapter.Options(mac, 1400);
        mac[5] = 9;
        assertEquals(5, o.mac()[5], "options keep their own copy");
    }

    @Test
    void factoryIdentity() {
        TapAdapterFactory f = new TapAdapterFactory();
        assertEquals("tap", f.name());
        String reason = TapSupport.unavailableReason();
        assertTrue(f.description().startsWith("Linux TAP device"));
        if (!System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(f.description().contains("adapters need Linux"), f.description());
        } else {
            assertNull(reason, "FFM must work on Linux with JDK 25");
        }
        PacketAdapterFactory p = new PacketAdapterFactory();
        assertEquals("packet", p.name());
        assertTrue(p.description().startsWith("local bridge to an existing Linux Ethernet interface"), p.description());
        assertEquals(reason != null, p.description().contains("unavailable"), p.description());
    }
}
