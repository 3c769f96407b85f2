package org.ethervpn.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ConnectRequest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Direct TCP that binds each connection to the next of several local addresses, so one process
 * can open more connections to one server port than one source address has ephemeral ports
 * (about 28,000 on Linux's default range).
 */
final class SourceBoundTransport implements ClientTransport, AutoCloseable {
    private final List<InetSocketAddress> sources;
    private final AtomicInteger next = new AtomicInteger();
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channel;

    SourceBoundTransport(List<String> sourceAddresses, int threads) {
        this.sources = sourceAddresses.stream().map(a -> new InetSocketAddress(a, 0)).toList();
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public String name() {
        return "load-tcp";
    }

    @Override
    public String description() {
        return "direct TCP from rotating local addresses (load generator)";
    }

    @Override
    public CompletableFuture<Channel> connect(ConnectRequest request, ChannelHandler handler) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        InetSocketAddress local = sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
        ChannelFuture f = new Bootstrap().group(group).channel(channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) request.timeout().toMillis())
                .handler(handler)
                .connect(new InetSocketAddress(request.target().host(), request.target().port()), local);
        f.addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) {
                result.complete(cf.channel());
            } else {
                result.completeExceptionally(new IOException("cannot connect from " + local.getAddress().getHostAddress()
                        + " to " + request.target() + ": " + cf.cause().getMessage(), cf.cause()));
            }
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
