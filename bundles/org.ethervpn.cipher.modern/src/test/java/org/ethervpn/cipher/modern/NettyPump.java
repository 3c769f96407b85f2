package org.ethervpn.cipher.modern;

import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;

/** Two SslHandlers joined in memory, as the product runs its engines (BoringSSL's needs Netty's driving). */
final class NettyPump implements AutoCloseable {
    final SslHandler client;
    final SslHandler server;
    final EmbeddedChannel c;
    final EmbeddedChannel s;

    NettyPump(SSLEngine clientEngine, SSLEngine serverEngine) {
        client = new SslHandler(clientEngine);
        server = new SslHandler(serverEngine);
        c = new EmbeddedChannel(client);
        s = new EmbeddedChannel(server);
    }

    /** Moves bytes both ways until both handshakes ended; the client's failure, else null. */
    Throwable handshake() {
        for (int i = 0; i < 50 && !(client.handshakeFuture().isDone() && server.handshakeFuture().isDone()); i++) {
            pump();
        }
        if (!client.handshakeFuture().isDone() || !server.handshakeFuture().isDone()) {
            throw new AssertionError("the handshake did not end");
        }
        return client.handshakeFuture().cause();
    }

    /** One round; the number of buffers moved. */
    int pump() {
        int moved = 0;
        ByteBuf b;
        while ((b = c.readOutbound()) != null) {
            deliver(s, b);
            moved++;
        }
        while ((b = s.readOutbound()) != null) {
            deliver(c, b);
            moved++;
        }
        c.runPendingTasks();
        s.runPendingTasks();
        return moved;
    }

    /** A failed handshake shows in its future; the exception EmbeddedChannel rethrows is that same cause. */
    private static void deliver(EmbeddedChannel to, ByteBuf b) {
        if (!to.isOpen()) {
            b.release();
            return;
        }
        try {
            to.writeInbound(b);
        } catch (Exception e) { // EmbeddedChannel rethrows what the pipeline raised
            // recorded by the SslHandler's handshake future
        }
    }

    @Override
    public void close() {
        finish(c);
        finish(s);
    }

    private static void finish(EmbeddedChannel ch) {
        try {
            ch.finishAndReleaseAll();
        } catch (Exception e) {
            // a failed handshake closed it; the test has judged that already
        }
    }
}
