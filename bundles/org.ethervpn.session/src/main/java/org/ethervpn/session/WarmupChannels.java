package org.ethervpn.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.Listener;
import org.ethervpn.api.transport.ServerTransport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;

/**
 * One TCP connection over the loopback interface made with the runtime's own transports, for {@link DataPathWarmup}:
 * the frames it carries run the event loops' socket code (epoll reads and writes, the pipeline, the outbound buffer)
 * that embedded channels leave cold, and that is most of what a fresh JVM interprets per frame. The listener is
 * closed as soon as the connection is accepted; a connection from anyone else is refused.
 *
 * @param client the connecting end
 * @param server the accepted end
 */
record WarmupChannels(Channel client, Channel server) {
    private static final long TIMEOUT_SECONDS = 5;

    /**
     * Connects {@code clientTransport} to a listener of {@code serverTransport} on a free port of the loopback
     * address. Each end's {@code setup} runs on its event loop once the end is active, before anything is read
     * (so no byte can pass handlers it adds).
     *
     * @throws IOException when the loopback cannot be listened on or connected to (a namespace with {@code lo}
     *         down), or it takes more than 5 s
     */
    static WarmupChannels connect(ServerTransport serverTransport, ClientTransport clientTransport,
            Consumer<Channel> clientSetup, Consumer<Channel> serverSetup) throws IOException {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        ChannelHandler child = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (!accepted.complete(ch)) {
                    ch.close(); // only the one connection this warm-up makes
                    return;
                }
                ch.pipeline().addLast(new OnActive(serverSetup));
            }
        };
        Channel client = null;
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Listener listener = serverTransport.listen(any, child)) {
            Endpoint target = new Endpoint(listener.localAddress().getAddress().getHostAddress(),
                    listener.localAddress().getPort());
            client = clientTransport.connect(ConnectRequest.direct(target, Duration.ofSeconds(TIMEOUT_SECONDS)),
                    new OnActive(clientSetup)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Channel server = accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!client.localAddress().equals(server.remoteAddress())) {
                throw new IOException("the warm-up listener accepted a connection from " + server.remoteAddress());
            }
            return new WarmupChannels(client, server);
        } catch (ExecutionException | TimeoutException | RuntimeException | IOException e) {
            fail(accepted, client);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw e instanceof IOException io ? io
                    : new IOException("loopback connection for the warm-up failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(accepted, client);
            throw new IOException("interrupted while connecting over the loopback", e);
        }
    }

    void close() {
        client.close();
        server.close();
    }

    private static void fail(CompletableFuture<Channel> accepted, Channel client) {
        accepted.thenAccept(Channel::close); // whenever it comes
        if (client != null) {
            client.close();
        }
    }

    /** Runs its setup when the channel becomes active, on its event loop and before any read, then leaves. */
    private static final class OnActive extends ChannelInboundHandlerAdapter {
        private final Consumer<Channel> setup;

        OnActive(Consumer<Channel> setup) {
            this.setup = setup;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            setup.accept(ctx.channel());
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
        }
    }
}
