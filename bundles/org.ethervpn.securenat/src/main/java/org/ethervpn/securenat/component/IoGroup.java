package org.ethervpn.securenat.component;

import org.ethervpn.securenat.engine.Io;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The loops every hub's SecureNAT shares (one per core, daemon threads): epoll where it loads, else NIO. */
final class IoGroup {
    private final EventLoopGroup group;
    private final boolean epoll;

    IoGroup() {
        epoll = Epoll.isAvailable();
        IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("ethervpn-securenat", true), f);
    }

    /** A loop for one more hub (round robin). */
    Io next() {
        return epoll ? new Io(group.next(), EpollSocketChannel.class, EpollDatagramChannel.class)
                : new Io(group.next(), NioSocketChannel.class, NioDatagramChannel.class);
    }

    void shutdown() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
