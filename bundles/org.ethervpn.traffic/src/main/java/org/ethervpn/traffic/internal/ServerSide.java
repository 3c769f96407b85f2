package org.ethervpn.traffic.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One accepted connection: banner, header, then either counting what the client sends until its
 * stop burst (and answering with the count) or sending data until told to stop. Runs on its
 * channel's event loop only.
 */
final class ServerSide extends ChannelInboundHandlerAdapter {
    private enum State { HEADER, RECEIVING, REPORTED, SENDING, STOPPED }

    /** Before the header SoftEther waits up to 10 minutes for anything to happen. */
    private static final long INITIAL_GIVE_UP_MS = 600_000;
    /** A repeated stop burst is answered at most this often. */
    private static final long REPORT_INTERVAL_MS = 100;

    private final TrafficServerImpl server;
    private final int id;
    private State state = State.HEADER;
    private ByteBuf headerBytes;
    private TrafficWire.Header header;
    private ChannelHandlerContext ctx;
    private long received;
    private long firstDataMs;
    private long lastActivityMs;
    private long lastReportMs;
    private long giveUpMs = INITIAL_GIVE_UP_MS;
    private ScheduledFuture<?> watchdog;

    ServerSide(TrafficServerImpl server, int id) {
        this.server = server;
        this.id = id;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        InetSocketAddress a = (InetSocketAddress) ctx.channel().remoteAddress();
        server.message("connection " + id + ": client " + a.getAddress().getHostAddress() + " port " + a.getPort());
        lastActivityMs = now();
        headerBytes = ctx.alloc().buffer(TrafficWire.HEADER_SIZE);
        ctx.writeAndFlush(TrafficWire.banner());
        watchdog = ctx.executor().scheduleAtFixedRate(this::checkIdle, 1, 1, TimeUnit.SECONDS);
    }

    private void checkIdle() {
        long t = now();
        boolean sendingTooLong = state == State.SENDING && firstDataMs != 0 && t > firstDataMs + giveUpMs;
        if (t > lastActivityMs + giveUpMs || sendingTooLong) {
            server.message("connection " + id + ": closed, nothing happened for " + giveUpMs / 1000 + " s");
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            lastActivityMs = now();
            if (state == State.HEADER) {
                headerBytes.writeBytes(in, Math.min(in.readableBytes(), TrafficWire.HEADER_SIZE - headerBytes.readableBytes()));
                header = TrafficWire.readHeader(headerBytes);
                if (header == null) {
                    return;
                }
                headerBytes.release();
                headerBytes = null;
                if (header.spanMillis() > 0) {
                    giveUpMs = TrafficWire.giveUpMillis(header.spanMillis());
                }
                if (header.serverSends()) {
                    state = State.SENDING;
                    firstDataMs = now();
                    if (server.joinSession(header.sessionId(), this)) {
                        Sender.pump(ctx.channel());
                    } else {
                        state = State.STOPPED;
                    }
                } else {
                    state = State.RECEIVING;
                }
            }
            switch (state) {
                case RECEIVING -> receive(in);
                case REPORTED -> {
                    if (TrafficWire.indexOfStop(in) >= 0 && now() - lastReportMs >= REPORT_INTERVAL_MS) {
                        report();
                    }
                }
                default -> { } // a downloading client sends nothing more: discard
            }
        } finally {
            in.release();
        }
    }

    private void receive(ByteBuf in) {
        if (!in.isReadable()) {
            return;
        }
        long t = now();
        if (firstDataMs == 0) {
            firstDataMs = t;
        }
        int stop = TrafficWire.indexOfStop(in);
        received += stop < 0 ? in.readableBytes() : stop;
        // the client's stop burst ends the upload; so does the span running out (counted from the first data)
        if (stop >= 0 || header.spanMillis() != 0 && t > firstDataMs + header.spanMillis()) {
            state = State.REPORTED;
            report();
            server.endSession(header.sessionId());
        }
    }

    private void report() {
        lastReportMs = now();
        ctx.writeAndFlush(TrafficWire.report(received));
    }

    /** Another connection of the session reported its upload; called from any thread. */
    void stopSendingLater() {
        ctx.executor().execute(() -> {
            if (state == State.SENDING) {
                state = State.STOPPED;
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.SENDING && ctx.channel().isWritable()) {
            lastActivityMs = now();
            Sender.pump(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (headerBytes != null) {
            headerBytes.release();
            headerBytes = null;
        }
        if (header != null) {
            server.leaveSession(header.sessionId(), this);
        }
        server.message("connection " + id + ": closed" + (header == null || header.serverSends() ? ""
                : " (" + TrafficReport.grouped(received) + " bytes received)"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a client ends a download by closing: the writes still queued fail, which is no news
        boolean downloadEnd = cause instanceof java.io.IOException && (state == State.SENDING || state == State.STOPPED);
        if (ctx.channel().isActive() && !downloadEnd) {
            server.message("connection " + id + ": " + cause.getMessage());
        }
        ctx.close();
    }
}
