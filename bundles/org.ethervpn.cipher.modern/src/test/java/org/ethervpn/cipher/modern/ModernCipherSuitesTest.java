package org.ethervpn.cipher.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.testsupport.TestIdentities;
import org.ethervpn.testsupport.TlsPump;
import org.junit.jupiter.api.Test;

class ModernCipherSuitesTest {
    static final TlsIdentity SERVER = TestIdentities.selfSigned("vpn.test");
    /** The JDK engines only: {@link TlsPump} drives them (NativeEnginesTest covers BoringSSL). */
    final ModernCipherSuites suites = new ModernCipherSuites(false);

    SSLEngine client(ServerTrust trust) {
        return suites.newClientEngine("vpn.test", 443, trust);
    }

    @Test
    void everyAdvertisedSuiteIsSupportedByTheRuntime() {
        SSLEngine e = suites.newServerEngine(SERVER);
        assertEquals(ModernCipherSuites.SUITES, List.of(e.getEnabledCipherSuites()));
        assertTrue(e.getSSLParameters().getUseCipherSuitesOrder(), "the server chooses");
    }

    @Test
    void tls13WithTheServersPreferredSuite() throws Exception {
        SSLSession s = TlsPump.handshake(client(new ServerTrust.AnyCertificate()), suites.newServerEngine(SERVER));
        assertEquals("TLSv1.3", s.getProtocol());
        assertEquals("TLS_AES_256_GCM_SHA384", s.getCipherSuite());
    }

    @Test
    void tls12PeersGetEcdheAead() throws Exception {
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        c.setEnabledProtocols(new String[] {"TLSv1.2"});
        SSLSession s = TlsPump.handshake(c, suites.newServerEngine(SERVER));
        assertEquals("TLSv1.2", s.getProtocol());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", s.getCipherSuite());
    }

    @Test
    void theAdminCanNarrowTheSuites() throws Exception {
        SSLSession s = TlsPump.handshake(client(new ServerTrust.AnyCertificate()),
                suites.newServerEngine(SERVER, List.of("TLS_CHACHA20_POLY1305_SHA256")));
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", s.getCipherSuite());
        var e = assertThrows(IllegalArgumentException.class,
                () -> suites.newServerEngine(SERVER, List.of("TLS_RSA_WITH_AES_128_CBC_SHA")));
        assertTrue(e.getMessage().contains("not offered"));
    }

    @Test
    void aLegacyOnlyPeerIsRefused() {
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        c.setEnabledProtocols(new String[] {"TLSv1.2"});
        c.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"});
        assertThrows(SSLException.class, () -> TlsPump.handshake(c, suites.newServerEngine(SERVER)));
    }

    @Test
    void pinsAreChecked() throws Exception {
        TlsPump.handshake(client(new ServerTrust.Pinned(SERVER.sha256Fingerprint())), suites.newServerEngine(SERVER));
        String wrong = "00".repeat(32);
        assertThrows(SSLException.class,
                () -> TlsPump.handshake(client(new ServerTrust.Pinned(wrong)), suites.newServerEngine(SERVER)));
    }

    @Test
    void authoritiesAreCheckedWithTheHostName() throws Exception {
        TlsPump.handshake(client(new ServerTrust.Authorities(SERVER.chain())), suites.newServerEngine(SERVER));
        TlsIdentity other = TestIdentities.selfSigned("other.test");
        assertThrows(SSLException.class, () -> TlsPump.handshake(
                client(new ServerTrust.Authorities(other.chain())), suites.newServerEngine(SERVER)));
        SSLEngine wrongHost = suites.newClientEngine("elsewhere.test", 443, new ServerTrust.Authorities(SERVER.chain()));
        assertThrows(SSLException.class, () -> TlsPump.handshake(wrongHost, suites.newServerEngine(SERVER)));
    }
}
