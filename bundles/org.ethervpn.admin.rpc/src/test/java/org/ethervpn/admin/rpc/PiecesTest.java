package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;

/** Pure mappings of the session and cascade methods. */
class PiecesTest {
    @Test
    void cipherNameOfAConnection() {
        assertEquals("TLS_AES_256_GCM_SHA384", SessionMethods.cipher("TLSv1.3 TLS_AES_256_GCM_SHA384"));
        assertEquals("", SessionMethods.cipher("none"));
    }

    @Test
    void linkServer() {
        assertEquals("127.0.0.1:5555", LinkMethods.server(new Pack().addStr("Hostname", "127.0.0.1").addInt("Port", 5555)));
        assertEquals("[::1]:443", LinkMethods.server(new Pack().addStr("Hostname", "::1").addInt("Port", 443)));
        assertThrows(AdminException.class, () -> LinkMethods.server(new Pack().addStr("Hostname", "h")));
    }

    @Test
    void getLinkCarriesSoftEthersForcedCascadeSettings() {
        CascadeInfo c = new CascadeInfo("CASC", "tolocal", "127.0.0.1:5555", "DEFAULT", "linkuser", true, "connected",
                "SID-LINKUSER-1", 8, null);
        Pack p = LinkMethods.link(c, "CASC");
        assertEquals("CASC", p.getStr("HubName_Ex"));
        assertEquals("DEFAULT", p.getStr("HubName"));
        assertEquals("tolocal", p.getUniStr("AccountName"));
        assertEquals("_SEHUBLINKCLI_", p.getStr("DeviceName"));
        assertEquals(0xFFFFFFFF, p.getInt("NumRetry"));
        assertEquals(10, p.getInt("RetryInterval"));
        assertTrue(LinkMethods.connected(c));
        assertFalse(LinkMethods.connected(new CascadeInfo("CASC", "x", "h:1", "D", "u", true, "connecting", "-", 0, null)));
        assertEquals(1, LinkMethods.lastError(new CascadeInfo("CASC", "x", "h:1", "D", "u", true, "refused", "-", 0, "bad")));
    }
}
