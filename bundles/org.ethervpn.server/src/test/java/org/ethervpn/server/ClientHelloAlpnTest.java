package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ClientHelloAlpnTest {
    /** A real ClientHello body (after the record and handshake headers) from the JDK's client. */
    static ByteBuf hello(String... alpn) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine("vpn.test", 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(alpn);
        e.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        assertEquals(22, out.get(0), "a handshake record");
        assertEquals(1, out.get(5), "a ClientHello");
        int len = ((out.get(6) & 0xff) << 16) | ((out.get(7) & 0xff) << 8) | (out.get(8) & 0xff);
        return Unpooled.wrappedBuffer(out.array(), 9, len);
    }

    @Test
    void readsTheOfferedNamesInOrder() throws Exception {
        assertEquals(List.of("ethervpn", "h2"), ClientHelloAlpn.of(hello("ethervpn", "h2")));
        assertEquals(List.of(), ClientHelloAlpn.of(hello()));
        assertEquals(List.of(), ClientHelloAlpn.of(null));
    }

    @Test
    void leavesTheBufferAsItWas() throws Exception {
        ByteBuf b = hello("ethervpn");
        int r = b.readerIndex();
        int w = b.writerIndex();
        ClientHelloAlpn.of(b);
        assertEquals(r, b.readerIndex());
        assertEquals(w, b.writerIndex());
    }

    @Test
    void cutShortOrGarbledNeverThrows() throws Exception {
        ByteBuf full = hello("ethervpn");
        for (int n = 0; n < full.readableBytes(); n++) {
            ClientHelloAlpn.of(full.slice(0, n)); // any prefix: a result, no exception
        }
        byte[] bytes = new byte[full.readableBytes()];
        full.getBytes(0, bytes);
        for (int round = 0; round < 2000; round++) {
            byte[] g = bytes.clone();
            for (int k = 0; k < 4; k++) {
                g[ThreadLocalRandom.current().nextInt(g.length)] = (byte) ThreadLocalRandom.current().nextInt(256);
            }
            ClientHelloAlpn.of(Unpooled.wrappedBuffer(g));
        }
    }
}
