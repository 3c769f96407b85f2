package org.ethervpn.traffic.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One client connection: checks the banner, then, once the run starts, sends the header and
 * either counts what the server sends (download) or sends data (upload); when the run halts an
 * upload sends stop bursts every 200 ms until the server reports its count. Runs on its channel's
 * event loop; {@link #downloaded} and {@link #sent} are read by the run for progress.
 */
final class ClientSide extends ChannelInboundHandlerAdapter {
    private enum State { BANNER, READY, DOWNLOADING, UPLOADING, AWAIT_REPORT, DONE }

    static final long BANNER_TIMEOUT_MS = 5000;
    private static final long STOP_INTERVAL_MS = 200;

    private final ClientRun run;
    final int number;
    final boolean download;
    private State state = State.BANNER;
    private ChannelHandlerContext ctx;
    private ByteBuf pending;
    private ScheduledFuture<?> timer;
    volatile long downloaded;
    volatile long sent;
    volatile long reported = -1;

    ClientSide(ClientRun run, int number, boolean download) {
        this.run = run;
        this.number = number;
        this.download = download;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        pending = ctx.alloc().buffer(TrafficWire.BANNER.length);
        timer = ctx.executor().schedule(() -> run.fail("TCP connection " + number + ": no answer from the server in "
                + BANNER_TIMEOUT_MS / 1000 + " s (is it a traffic-test server?)"), BANNER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            switch (state) {
                case BANNER -> {
                    pending.writeBytes(in, Math.min(in.readableBytes(), pending.writableBytes()));
                    if (pending.readableBytes() == TrafficWire.BANNER.length) {
                        timer.cancel(false);
                        if (!TrafficWire.isBanner(pending)) {
                            run.fail("the server on this port is not a traffic-test server (TrafficServer)");
                            return;
                        }
                        pending.clear();
                        state = State.READY;
                        run.connected(this);
                    }
                }
                case DOWNLOADING -> downloaded += in.readableBytes();
                case AWAIT_REPORT -> {
                    pending.writeBytes(in, Math.min(in.readableBytes(), TrafficWire.REPORT_SIZE - pending.readableBytes()));
                    if (pending.readableBytes() == TrafficWire.REPORT_SIZE) {
                        timer.cancel(false);
                        reported = pending.readLong();
                        state = State.DONE;
                        run.reported(this);
                    }
                }
                default -> { } // READY (the server sends nothing), UPLOADING, DONE (repeated reports): discard
            }
        } finally {
            in.release();
        }
    }

    /** The data transfer begins: the header, then data one way. */
    void start(long sessionId, long spanMillis) {
        ctx.writeAndFlush(TrafficWire.header(new TrafficWire.Header(download, sessionId, spanMillis)));
        state = download ? State.DOWNLOADING : State.UPLOADING;
        if (!download) {
            sent += Sender.pump(ctx.channel());
        }
    }

    /** The span is over: downloads stop counting, uploads ask the server for its count. */
    void halt() {
        if (state == State.UPLOADING) {
            state = State.AWAIT_REPORT;
            sendStop();
        } else if (state == State.DOWNLOADING) {
            state = State.DONE;
        }
    }

    private void sendStop() {
        if (state == State.AWAIT_REPORT) {
            ctx.writeAndFlush(TrafficWire.stopBurst());
            timer = ctx.executor().schedule(this::sendStop, STOP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.UPLOADING && ctx.channel().isWritable()) {
            sent += Sender.pump(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        run.fail("TCP connection " + number + " was closed by the server");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        run.fail("TCP connection " + number + ": " + cause.getMessage());
        ctx.close();
    }
}
