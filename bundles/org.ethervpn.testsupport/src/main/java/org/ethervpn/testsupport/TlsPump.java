package org.ethervpn.testsupport;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/** Runs a TLS handshake between two engines in memory (no sockets) and returns the client's session. */
public final class TlsPump {
    private TlsPump() {
    }

    public static SSLSession handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int size = 1 << 17;
        ByteBuffer c2s = ByteBuffer.allocate(size);
        ByteBuffer s2c = ByteBuffer.allocate(size);
        ByteBuffer app = ByteBuffer.allocate(size);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean done = step(client, empty, c2s, s2c, app) & step(server, empty, s2c, c2s, app);
            if (done && c2s.position() == 0 && s2c.position() == 0) {
                return client.getSession();
            }
        }
        throw new SSLException("handshake did not finish");
    }

    /** One round for one engine: wrap into {@code out}, unwrap from {@code in}. True when it is done. */
    private static boolean step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        HandshakeStatus hs = e.getHandshakeStatus();
        while (hs == HandshakeStatus.NEED_TASK) {
            e.getDelegatedTask().run();
            hs = e.getHandshakeStatus();
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            e.wrap(empty, out);
        }
        in.flip();
        if (in.hasRemaining()) {
            e.unwrap(in, app);
            app.clear();
        }
        in.compact();
        hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }
}
