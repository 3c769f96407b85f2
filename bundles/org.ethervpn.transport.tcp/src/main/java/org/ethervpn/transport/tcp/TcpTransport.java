package org.ethervpn.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.api.transport.Listener;
import org.ethervpn.api.transport.ServerTransport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;

/**
 * Direct TCP, both ends, on one shared Netty event-loop group: epoll where the native library
 * loads, NIO otherwise. TCP_NODELAY everywhere: the tunnel carries interactive traffic and batches
 * frames itself.
 */
@Component(service = {ClientTransport.class, ServerTransport.class},
        property = Plugin.NAME_PROPERTY + "=" + TcpTransport.NAME, configurationPid = TcpTransport.PID)
@Designate(ocd = TcpTransportConfig.class)
public final class TcpTransport implements ClientTransport, ServerTransport {
    static final String NAME = "tcp";
    static final String PID = "org.ethervpn.transport.tcp";

    private final Logger log;
    private final IoGroups io;

    @Activate
    public TcpTransport(@Reference(service = LoggerFactory.class) Logger log, TcpTransportConfig config) {
        this.log = log;
        this.io = IoGroups.create(config.nativeTransport(), config.ioThreads());
        log.info("tcp transport: {} I/O, {} event loops{}", io.kind(), io.threads(),
                io.fallbackReason() == null ? "" : " (epoll unavailable: " + io.fallbackReason() + ")");
    }

    @Deactivate
    void deactivate() {
        io.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "direct TCP (" + io.kind() + "), TCP_NODELAY";
    }

    /** Which I/O flavour is in use: {@code epoll} or {@code nio}. */
    String ioKind() {
        return io.kind();
    }

    @Override
    public CompletableFuture<Channel> connect(ConnectRequest request, ChannelHandler handler) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        if (request.proxy() != null) {
            result.completeExceptionally(new IOException(
                    "the tcp transport connects directly; use a proxy transport for " + request.proxy()));
            return result;
        }
        Bootstrap b = new Bootstrap()
                .group(io.group())
                .channel(io.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        request.timeout().toMillis()))
                .handler(handler);
        ChannelFuture f = b.connect(request.target().host(), request.target().port());
        f.addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) {
                result.complete(cf.channel());
            } else {
                result.completeExceptionally(new IOException("cannot connect to " + request.target() + ": "
                        + describe(cf.cause()), cf.cause()));
            }
        });
        return result;
    }

    @Override
    public Listener listen(InetSocketAddress address, ChannelHandler childHandler) throws IOException {
        ServerBootstrap b = new ServerBootstrap()
                .group(io.group())
                .channel(io.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(childHandler);
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("cannot listen on " + address + ": " + describe(f.cause()), f.cause());
        }
        Channel ch = f.channel();
        log.debug("listening on {}", ch.localAddress());
        return new Listener() {
            @Override
            public InetSocketAddress localAddress() {
                return (InetSocketAddress) ch.localAddress();
            }

            @Override
            public void close() {
                ch.close().awaitUninterruptibly();
            }
        };
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown error" : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
