package org.ethervpn.securenat.udp;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.Io;
import org.ethervpn.securenat.engine.NatLog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** An {@link EngineHarness} on a real event loop (one thread), for relay tests with loopback sockets. */
public final class NatLoop implements AutoCloseable {
    public final EventLoopGroup group;
    public final Io io;
    public final EngineHarness h;

    public NatLoop(FlowLimits limits) {
        this(limits, NatLog.STDERR);
    }

    /** With the engine's log going to {@code log}. */
    public NatLoop(FlowLimits limits, NatLog log) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        io = epoll ? new Io(group.next(), EpollSocketChannel.class, EpollDatagramChannel.class)
                : new Io(group.next(), NioSocketChannel.class, NioDatagramChannel.class);
        h = new EngineHarness(SecureNatOptions.defaults(EngineHarness.HOST_MAC), limits, io, PooledByteBufAllocator.DEFAULT,
                log);
    }

    /** Runs on the loop and waits for it. */
    public <T> T call(Callable<T> c) {
        try {
            return io.loop().submit(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** The next frame sent to the hub within {@code millis}, or null. */
    public ByteBuf await(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            ByteBuf f = call(h::take);
            if (f != null || System.nanoTime() > end) {
                return f;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    @Override
    public void close() {
        run(h::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
