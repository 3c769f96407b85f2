package org.ethervpn.traffic.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** One event-loop group (one loop per core, daemon threads): epoll where its native library loads, else NIO. */
record Io(EventLoopGroup group, Class<? extends SocketChannel> socket, Class<? extends ServerChannel> server) {
    static Io create() {
        int n = Runtime.getRuntime().availableProcessors();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("ethervpn-traffic", true), f);
        return epoll ? new Io(g, EpollSocketChannel.class, EpollServerSocketChannel.class)
                : new Io(g, NioSocketChannel.class, NioServerSocketChannel.class);
    }
}
