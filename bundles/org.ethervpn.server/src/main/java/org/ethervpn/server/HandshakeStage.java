package org.ethervpn.server;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * What the handlers of a connection's handshake ({@link FrontDoor}, {@link VpnHandshakeHandler},
 * {@link JsonRpcHandler}) share: one deadline from accept to the end of the handshake, the count of
 * requests before a valid watermark, request bodies read up to their checked Content-Length, and
 * refusals that close this connection only, with a logged reason.
 */
abstract class HandshakeStage extends ChannelInboundHandlerAdapter {
    protected final ServerContext server;
    /** Requests so far (SoftEther allows 19 before a valid watermark); handed on to the next stage. */
    protected int requests;
    /** Answered for good (refused, or handed on): whatever arrives now is dropped. */
    protected boolean done;
    private long deadlineNanos;
    private ScheduledFuture<?> deadline;
    private HttpRequest head;
    private ByteBuf body;

    /** @param deadlineNanos when the handshake must be done ({@link System#nanoTime()}) */
    HandshakeStage(ServerContext server, long deadlineNanos, int requests) {
        this.server = server;
        this.deadlineNanos = deadlineNanos;
        this.requests = requests;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    static long deadlineFromNow(ServerContext server) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(server.options().handshakeTimeoutMillis());
    }

    /** The request's head; {@link #expectBody} to read a body. Its decoding succeeded. */
    abstract void onHead(ChannelHandlerContext ctx, HttpRequest req);

    /** A whole request with exactly its Content-Length of body (released after this returns). */
    abstract void onRequest(ChannelHandlerContext ctx, HttpRequest req, ByteBuf body);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        int millis = server.options().handshakeTimeoutMillis();
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        deadline = ctx.executor().schedule(() -> refuse(ctx, "the handshake was not finished within " + millis + " ms"),
                left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanup();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cleanup();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (done) {
                return;
            }
            if (msg instanceof HttpRequest req) {
                if (req.decoderResult().isFailure()) {
                    refuse(ctx, "malformed HTTP request: " + Texts.describe(req.decoderResult().cause()));
                    return;
                }
                onHead(ctx, req);
            }
            if (msg instanceof HttpContent content && head != null) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.close(); // refused already, and the reason logged
            return;
        }
        refuse(ctx, Texts.describe(cause));
    }

    /** A TLS handshake that times out fails with this event only, no exception: log it like any refusal. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess() && !done
                && !(e.cause() instanceof ClosedChannelException)) {
            refuse(ctx, "TLS handshake failed: " + Texts.describe(e.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Reads the body of {@code req} ({@code length} checked by the caller), then {@link #onRequest}. */
    void expectBody(ChannelHandlerContext ctx, HttpRequest req, long length) {
        head = req;
        body = ctx.alloc().buffer((int) length, (int) length);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        if (data.readableBytes() > body.writableBytes()) {
            refuse(ctx, "request body longer than its Content-Length");
            return;
        }
        body.writeBytes(data);
        if (content instanceof LastHttpContent) {
            if (body.writableBytes() != 0) {
                refuse(ctx, "request body shorter than its Content-Length");
                return;
            }
            HttpRequest req = head;
            ByteBuf b = body;
            head = null;
            body = null;
            try {
                onRequest(ctx, req, b);
            } finally {
                b.release();
            }
        }
    }

    /** An authenticated JSON-RPC request starts the limits again: its client keeps the connection. */
    void restartLimits(ChannelHandlerContext ctx) {
        requests = 0;
        cancelDeadline();
        deadlineNanos = deadlineFromNow(server);
        handlerAdded(ctx);
    }

    /** Closes without an answer. */
    void refuse(ChannelHandlerContext ctx, String reason) {
        if (!done || ctx.channel().isActive()) {
            log(ctx, reason);
        }
        done = true;
        cleanup();
        ctx.close();
    }

    void log(ChannelHandlerContext ctx, String reason) {
        server.log().info("Connection from {} closed: {}", ctx.channel().remoteAddress(), reason);
    }

    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void cleanup() {
        cancelDeadline();
        if (body != null) {
            body.release();
            body = null;
        }
        head = null;
    }
}
