package org.ethervpn.cipher.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import javax.net.ssl.SSLEngine;

import io.netty.handler.ssl.OpenSslEngine;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.testsupport.TestIdentities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BoringSSL (netty-tcnative, a test dependency here as in the product's runtimes) and when it is chosen. */
class NativeEnginesTest {
    static final TlsIdentity SERVER = ModernCipherSuitesTest.SERVER;
    static final List<String> OURS = List.of(CipherSuiteProvider.ETHERVPN_ALPN);
    final ModernCipherSuites suites = new ModernCipherSuites();

    @BeforeAll
    static void boringSslLoads() {
        // linux-x86_64 is the platform the product ships natives for; elsewhere the JDK engine serves
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "netty-tcnative's BoringSSL is built for linux-x86_64 only here");
        assertNull(NativeEngines.unavailableBecause(), "BoringSSL must load on linux-x86_64");
    }

    SSLEngine client(ServerTrust trust) {
        return suites.newClientEngine("vpn.test", 443, trust);
    }

    @Test
    void ourPeersRunBoringSslOnBothSidesAndOfferOurAlpn() {
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        SSLEngine s = suites.newServerEngine(SERVER, List.of(), OURS);
        assertInstanceOf(ReferenceCountedOpenSslEngine.class, c);
        assertInstanceOf(ReferenceCountedOpenSslEngine.class, s);
        try (NettyPump p = new NettyPump(c, s)) {
            assertNull(p.handshake());
            assertEquals("TLSv1.3", c.getSession().getProtocol());
            assertTrue(ModernCipherSuites.SUITES.contains(c.getSession().getCipherSuite()), c.getSession().getCipherSuite());
        }
        assertTrue(suites.description().contains("BoringSSL for clients and EtherVPN peers"), suites.description());
    }

    @Test
    void nothingFollowsTheHandshakeFromTheNativeServer() {
        // a use_encrypt=0 connection reads raw tunnel bytes after the welcome: no session ticket may come
        try (NettyPump p = new NettyPump(client(new ServerTrust.AnyCertificate()), suites.newServerEngine(SERVER, List.of(), OURS))) {
            assertNull(p.handshake());
            assertEquals(0, p.pump(), "bytes after the handshake");
            assertEquals(0, p.pump(), "bytes after the handshake");
        }
    }

    @Test
    void softEtherPeersKeepTheJdkEngineWithTheServersOrder() {
        SSLEngine s = suites.newServerEngine(SERVER, List.of(), List.of());
        assertTrue(s.getClass().getName().startsWith("sun.security.ssl."), s.getClass().getName());
        assertTrue(suites.newServerEngine(SERVER, List.of(), List.of("h2")).getClass().getName().startsWith("sun.security.ssl."));
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        try (NettyPump p = new NettyPump(c, s)) {
            assertNull(p.handshake());
            assertEquals("TLS_AES_256_GCM_SHA384", c.getSession().getCipherSuite());
        }
    }

    @Test
    void narrowedSuitesKeepTheJdkEngineWhichAppliesThem() {
        SSLEngine s = suites.newServerEngine(SERVER, List.of("TLS_CHACHA20_POLY1305_SHA256"), OURS);
        assertTrue(s.getClass().getName().startsWith("sun.security.ssl."), s.getClass().getName());
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        try (NettyPump p = new NettyPump(c, s)) {
            assertNull(p.handshake());
            assertEquals("TLS_CHACHA20_POLY1305_SHA256", c.getSession().getCipherSuite());
        }
    }

    @Test
    void configuredOffMeansTheJdkEverywhere() {
        ModernCipherSuites off = new ModernCipherSuites(false);
        SSLEngine c = off.newClientEngine("vpn.test", 443, new ServerTrust.AnyCertificate());
        assertTrue(c.getClass().getName().startsWith("sun.security.ssl."));
        assertEquals(OURS, List.of(c.getSSLParameters().getApplicationProtocols()), "still says it is EtherVPN");
        assertTrue(off.newServerEngine(SERVER, List.of(), OURS).getClass().getName().startsWith("sun.security.ssl."));
        assertTrue(off.description().contains("configured off"), off.description());
    }

    @Test
    void pinsAreCheckedByTheNativeClient() {
        try (NettyPump p = new NettyPump(client(new ServerTrust.Pinned(SERVER.sha256Fingerprint())),
                suites.newServerEngine(SERVER, List.of(), OURS))) {
            assertNull(p.handshake());
        }
        try (NettyPump p = new NettyPump(client(new ServerTrust.Pinned("00".repeat(32))),
                suites.newServerEngine(SERVER, List.of(), OURS))) {
            assertNotNull(p.handshake(), "a wrong pin must fail");
        }
    }

    @Test
    void authoritiesAndTheHostNameAreCheckedByTheNativeClient() {
        try (NettyPump p = new NettyPump(client(new ServerTrust.Authorities(SERVER.chain())), suites.newServerEngine(SERVER))) {
            assertNull(p.handshake());
        }
        TlsIdentity other = TestIdentities.selfSigned("other.test");
        try (NettyPump p = new NettyPump(client(new ServerTrust.Authorities(other.chain())), suites.newServerEngine(SERVER))) {
            assertNotNull(p.handshake(), "an unknown authority must fail");
        }
        SSLEngine wrongHost = suites.newClientEngine("elsewhere.test", 443, new ServerTrust.Authorities(SERVER.chain()));
        try (NettyPump p = new NettyPump(wrongHost, suites.newServerEngine(SERVER))) {
            assertNotNull(p.handshake(), "a certificate for another host must fail");
        }
    }

    @Test
    void tls12StillWorksNatively() {
        SSLEngine c = client(new ServerTrust.AnyCertificate());
        c.setEnabledProtocols(new String[] {"TLSv1.2"});
        try (NettyPump p = new NettyPump(c, suites.newServerEngine(SERVER, List.of(), OURS))) {
            assertNull(p.handshake());
            assertEquals("TLSv1.2", c.getSession().getProtocol());
            assertTrue(c.getSession().getCipherSuite().startsWith("TLS_ECDHE_RSA_WITH_"), c.getSession().getCipherSuite());
        }
    }
}
