package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.server.config.ConfigJson;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * A cascade's connection options come over from a REAL SoftEther config
 * (releng/interop/softether-config-cascades.sh: a real vpnserver set up with vpncmd): proxy with its
 * RC4-kept password, headers, connection details, pinned certificate; and the hub's NoEnum.
 */
class SoftEtherCascadeOptionsTest {
    private static String resource(String name) throws Exception {
        try (InputStream in = SoftEtherCascadeOptionsTest.class.getResourceAsStream("/softether/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void proxyHeadersDetailsAndThePinnedCertificateOfARealConfigAreKept() throws Exception {
        SoftEtherImport.Result r = SoftEtherImport.apply(ServerConfig.defaults(),
                SoftEtherConfigText.parse(resource("vpn_server_cascades.config")), Map.of("modern", List.of()), false);
        HubConfig hub = r.config().hub("CASC").orElseThrow();
        assertTrue(hub.hidden(), "NoEnum");

        CascadeOptions o = hub.cascade("viaproxy").orElseThrow().options();
        assertEquals(ProxyType.HTTP, o.proxy());
        assertEquals("proxy.example.net:3128", o.proxyServer());
        assertEquals("px", o.proxyUser());
        assertEquals("px-Secret 1", o.proxyPassword(), "SoftEther's RC4-kept proxy password, decrypted");
        assertEquals(List.of("X-Tenant: blue", "User-Agent: vpn"), o.httpHeaders());
        assertEquals(3, o.maxConnections());
        assertEquals(2, o.intervalSeconds());
        assertEquals(600, o.lifetimeSeconds());
        assertTrue(o.halfDuplex() && o.compress() && !o.encrypt() && !o.qos(), o.toString());
        assertTrue(o.checkServerCert());
        byte[] pinned = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(resource("pinned.crt").getBytes(StandardCharsets.US_ASCII)))
                .getEncoded();
        assertArrayEquals(pinned, o.serverCert());

        CascadeOptions socks = hub.cascade("viasocks").orElseThrow().options();
        assertEquals(ProxyType.SOCKS5, socks.proxy());
        assertEquals("socks.example.net:1080", socks.proxyServer());
        assertEquals("", socks.proxyPassword());
        assertTrue(socks.checkServerCert());
        assertNull(socks.serverCert());
        assertEquals(CascadeOptions.defaults().maxConnections(), socks.maxConnections());

        String report = String.join("\n", r.report());
        assertFalse(report.contains("proxy setting is not imported"), report);
        assertFalse(report.contains("px-Secret"), "no password in the report");
        // what we save comes back the same
        assertEquals(r.config(), ConfigJson.read(ConfigJson.write(r.config())));
    }

    @Test
    void softEthersProxyPasswordCipherIsRc4() {
        // RFC 6229-style check of the cipher itself: RC4("Key", "Plaintext") = BBF316E8D940AF0AD3
        assertEquals("bbf316e8d940af0ad3", HexFormat.of().formatHex(SoftEtherCascadeOptions.rc4(
                "Key".getBytes(StandardCharsets.US_ASCII), "Plaintext".getBytes(StandardCharsets.US_ASCII))));
    }
}
