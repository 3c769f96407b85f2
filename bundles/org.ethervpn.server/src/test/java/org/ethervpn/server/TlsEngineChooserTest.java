package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.testsupport.TestIdentities;
import org.junit.jupiter.api.Test;

/** The ClientHello decides the engine; the handshake then runs as if the engine had been there from the start. */
class TlsEngineChooserTest {
    static final TlsIdentity ID = TestIdentities.selfSigned("vpn.test");

    /** Records what the server asked for, and answers with the modern plugin's engine. */
    static final class Recording implements CipherSuiteProvider {
        final ModernCipherSuites modern = new ModernCipherSuites();
        final List<List<String>> asked = new ArrayList<>();

        @Override
        public SSLEngine newServerEngine(TlsIdentity identity, List<String> suites, List<String> alpn) {
            asked.add(alpn);
            return modern.newServerEngine(identity, suites, alpn);
        }

        @Override
        public SSLEngine newServerEngine(TlsIdentity identity, List<String> suites) {
            throw new AssertionError("the server must pass the ClientHello's ALPN names");
        }

        @Override
        public SSLEngine newClientEngine(String host, int port, ServerTrust trust) {
            return modern.newClientEngine(host, port, trust);
        }

        @Override
        public List<String> protocols() {
            return modern.protocols();
        }

        @Override
        public List<String> cipherSuites() {
            return modern.cipherSuites();
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String description() {
            return "test";
        }
    }

    static String handshake(CipherSuiteProvider provider, SSLEngine clientEngine) {
        SslHandler client = new SslHandler(clientEngine);
        EmbeddedChannel c = new EmbeddedChannel(client);
        EmbeddedChannel s = new EmbeddedChannel();
        s.pipeline().addLast(TlsEngineChooser.NAME, new TlsEngineChooser(provider, ID, List.of(), 15_000));
        for (int i = 0; i < 50 && !client.handshakeFuture().isDone(); i++) {
            ByteBuf b;
            while ((b = c.readOutbound()) != null) {
                s.writeInbound(b);
            }
            while ((b = s.readOutbound()) != null) {
                c.writeInbound(b);
            }
            c.runPendingTasks();
            s.runPendingTasks();
        }
        assertTrue(client.handshakeFuture().isSuccess(), String.valueOf(client.handshakeFuture().cause()));
        SslHandler tls = assertInstanceOf(SslHandler.class, s.pipeline().get(TlsEngineChooser.NAME));
        String kind = tls.engine().getClass().getName();
        c.finishAndReleaseAll();
        s.finishAndReleaseAll();
        return kind;
    }

    @Test
    void anEtherVpnClientGetsTheEngineForItsAlpn() {
        Recording provider = new Recording();
        String kind = handshake(provider, provider.newClientEngine("vpn.test", 443, new ServerTrust.AnyCertificate()));
        assertEquals(List.of(List.of(CipherSuiteProvider.ETHERVPN_ALPN)), provider.asked);
        assertTrue(kind.contains("OpenSsl"), "BoringSSL between EtherVPN peers: " + kind);
    }

    @Test
    void aPeerWithoutAlpnAsSoftEtherGetsTheJdkEngine() throws Exception {
        Recording provider = new Recording();
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new ServerTrust.AnyCertificate().trustManager()}, null);
        SSLEngine plain = ctx.createSSLEngine("vpn.test", 443);
        plain.setUseClientMode(true);
        String kind = handshake(provider, plain);
        assertEquals(List.of(List.of()), provider.asked);
        assertTrue(kind.startsWith("sun.security.ssl."), kind);
    }
}
