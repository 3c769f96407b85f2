package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ethervpn.admin.wire.CascadeWire;
import org.ethervpn.admin.wire.SessionWire;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.pack.Pack;
import org.junit.jupiter.api.Test;

/** Pure mappings of the session and cascade methods. */
class PiecesTest {
    @Test
    void cipherNameOfAConnection() {
        assertEquals("TLS_AES_256_GCM_SHA384", SessionWire.cipher("TLSv1.3 TLS_AES_256_GCM_SHA384"));
        assertEquals("", SessionWire.cipher("none"));
    }

    @Test
    void serverCipherInOpenSslNamesAsSoftEtherShowsIt() {
        var tls13 = java.util.List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
        var all = java.util.List.of("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertEquals("~DEFAULT~", ServerMethods.cipherText(cipher(java.util.List.of(), all)));
        // the TLS 1.3 suites SetServerCipher keeps on are not part of the setting
        assertEquals("ECDHE-RSA-AES256-GCM-SHA384", ServerMethods.cipherText(cipher(all, all)));
        assertEquals("TLS_AES_256_GCM_SHA384;TLS_AES_128_GCM_SHA256", ServerMethods.cipherText(cipher(tls13, all)));
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", CipherNames.toJava("ecdhe-rsa-aes256-gcm-sha384"));
        assertEquals("ECDHE-RSA-AES256-GCM-SHA384", CipherNames.toOpenSsl("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        assertEquals("SOMETHING_NEW", CipherNames.toOpenSsl("SOMETHING_NEW"));
    }

    private static org.ethervpn.api.admin.ServerCipher cipher(java.util.List<String> set, java.util.List<String> all) {
        return new org.ethervpn.api.admin.ServerCipher("p", set, true, java.util.List.of("p"), all);
    }

    @Test
    void osReleaseValues(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var f = java.nio.file.Files.writeString(dir.resolve("os-release"),
                "NAME=\"Debian GNU/Linux\"\nVERSION='12 (bookworm)'\n# comment\nHOME_URL=https://www.debian.org/\nbad line\n");
        var m = HostOs.osRelease(f);
        assertEquals("Debian GNU/Linux", m.get("NAME"));
        assertEquals("12 (bookworm)", m.get("VERSION"));
        assertEquals("https://www.debian.org/", m.get("HOME_URL"));
        assertEquals(3, m.size());
        assertTrue(HostOs.osRelease(dir.resolve("missing")).isEmpty());
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
        Pack p = CascadeWire.writeLink(c, "CASC");
        assertEquals("CASC", p.getStr("HubName_Ex"));
        assertEquals("DEFAULT", p.getStr("HubName"));
        assertEquals("tolocal", p.getUniStr("AccountName"));
        assertEquals("_SEHUBLINKCLI_", p.getStr("DeviceName"));
        assertEquals(0xFFFFFFFF, p.getInt("NumRetry"));
        assertEquals(10, p.getInt("RetryInterval"));
        assertTrue(CascadeWire.connected(c));
        assertFalse(CascadeWire.connected(new CascadeInfo("CASC", "x", "h:1", "D", "u", true, "connecting", "-", 0, null)));
        assertEquals(1, CascadeWire.lastError(new CascadeInfo("CASC", "x", "h:1", "D", "u", true, "refused", "-", 0, "bad")));
    }
}
