package org.ethervpn.cipher.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.testsupport.TestIdentities;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.testsupport.TlsPump;
import org.junit.jupiter.api.Test;

class LegacyCipherSuitesTest {
    static final TlsIdentity SERVER = TestIdentities.selfSigned("vpn.test");
    final TestLogger log = new TestLogger();
    final LegacyCipherSuites suites = new LegacyCipherSuites(log.logger());

    @Test
    void warnsWhenActivated() {
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("warn: legacy cipher suites")), log.lines().toString());
    }

    @Test
    void anOldPeerOfferingOnlyAes128ShaConnects() throws Exception {
        SSLEngine client = suites.newClientEngine("vpn.test", 443, new ServerTrust.AnyCertificate());
        client.setEnabledProtocols(new String[] {"TLSv1.2"});
        client.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"});
        SSLSession s = TlsPump.handshake(client, suites.newServerEngine(SERVER));
        assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", s.getCipherSuite());
    }

    @Test
    void modernPeersStillGetAead() throws Exception {
        SSLSession s = TlsPump.handshake(suites.newClientEngine("vpn.test", 443, new ServerTrust.AnyCertificate()),
                suites.newServerEngine(SERVER));
        assertEquals("TLS_AES_256_GCM_SHA384", s.getCipherSuite());
    }

    @Test
    void followsTheJvmSecurityPolicy() {
        List<String> l = LegacyCipherSuites.allowed(
                List.of("TLSv1.2", "TLSv1.1", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
                "SSLv3, TLSv1.1, 3DES_EDE_CBC, TLS_RSA_*");
        assertEquals(List.of("TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA"), l);
        assertFalse(suites.cipherSuites().contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
                "3DES is disabled by default in this JDK");
    }
}
