package org.ethervpn.securenat.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.ethervpn.securenat.engine.Io;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * A flow's socket to its destination, on the engine's loop: connects (10 s, as SoftEther's NAT),
 * reads only while the connection asks ({@code autoRead}), and reports data, EOF, resets and
 * writability back to the {@link TcpConnection}.
 */
final class NettyRelay extends ChannelInboundHandlerAdapter implements Relay {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private final TcpConnection conn;
    private Channel ch;
    private boolean closed;

    private NettyRelay(TcpConnection conn) {
        this.conn = conn;
    }

    static Relay connect(Io io, TcpConnection c) {
        NettyRelay relay = new NettyRelay(c);
        c.relay = relay;
        InetAddress address;
        try {
            int ip = c.flow.dst();
            address = InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
        relay.ch = new Bootstrap().group(io.loop()).channel(io.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(TcpConnection.RCV_WINDOW / 2, TcpConnection.RCV_WINDOW))
                .handler(relay)
                .connect(new InetSocketAddress(address, c.flow.dstPort()))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        relay.closed = true;
                        c.connectFailed();
                    }
                }).channel();
        return relay;
    }

    // ---- socket events ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn.connected();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        conn.fromSocket((ByteBuf) msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            conn.socketEof();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            conn.windowOpened();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            closed = true;
            conn.socketEof(); // closed under us without an error: an orderly end
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closed) {
            closed = true;
            conn.socketReset(); // connection reset, broken pipe
        }
        ctx.close();
    }

    // ---- Relay ----

    @Override
    public void write(ByteBuf data) {
        if (closed) {
            data.release();
        } else {
            ch.write(data, ch.voidPromise());
        }
    }

    @Override
    public void flush() {
        if (!closed) {
            ch.flush();
        }
    }

    @Override
    public int room() {
        return closed || !ch.isActive() ? 0 : (int) Math.min(Integer.MAX_VALUE, ch.bytesBeforeUnwritable());
    }

    @Override
    public void readable(boolean on) {
        if (!closed) {
            ch.config().setAutoRead(on);
        }
    }

    @Override
    public void shutdownOutput() {
        if (!closed) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && ch.isActive()) {
                    ((DuplexChannel) ch).shutdownOutput();
                }
            });
        }
    }

    @Override
    public void reset() {
        if (!closed) {
            closed = true;
            if (ch.isActive()) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            ch.close();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
