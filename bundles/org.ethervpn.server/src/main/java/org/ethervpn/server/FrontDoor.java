package org.ethervpn.server;

import java.util.List;
import java.util.function.Supplier;

import org.ethervpn.protocol.Watermark;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler after TLS and HTTP (Netty's port unification): it looks at each request until
 * one says what the connection is, installs the handler for it, passes the request on and steps
 * aside. {@code POST|OPTIONS /api/} and {@code GET /api/<Method>} go to {@link JsonRpcHandler};
 * any other POST to {@link VpnHandshakeHandler} (the watermark); a web request (GET, HEAD) is
 * answered with the 403 page and the door stays, since the real vpnclient opens every connection
 * with {@code GET /} and only then POSTs the watermark.
 */
final class FrontDoor extends HandshakeStage {
    private final Authenticator auth;
    private final HubSet hubs;
    private final Supplier<List<String>> hubNames;

    FrontDoor(ServerContext server, Authenticator auth, HubSet hubs, Supplier<List<String>> hubNames) {
        super(server, deadlineFromNow(server), 0);
        this.auth = auth;
        this.hubs = hubs;
        this.hubNames = hubNames;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof HttpRequest req) || req.decoderResult().isFailure()) {
            super.channelRead(ctx, msg); // drops the rest of a page request, refuses a malformed one
            return;
        }
        if (++requests > Watermark.MAX_REQUESTS_PER_CONNECTION) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, "more than " + Watermark.MAX_REQUESTS_PER_CONNECTION + " requests");
            return;
        }
        if (JsonRpcHttp.isApi(req)) {
            handOver(ctx, "jsonrpc", new JsonRpcHandler(server, auth, deadlineNanos(), requests), msg);
        } else if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
            ReferenceCountUtil.release(msg);
            WebPage.answer(ctx, server.log(), req);
        } else {
            handOver(ctx, "handshake", new VpnHandshakeHandler(server, auth, hubs, hubNames, deadlineNanos(), requests), msg);
        }
    }

    @Override
    void onHead(ChannelHandlerContext ctx, HttpRequest req) {
        // every head is routed in channelRead
    }

    @Override
    void onRequest(ChannelHandlerContext ctx, HttpRequest req, ByteBuf body) {
        // bodies of page requests are dropped
    }

    /** {@code next} takes the connection from this request on (the same deadline and request count). */
    private void handOver(ChannelHandlerContext ctx, String name, ChannelHandler next, Object msg) {
        done = true;
        ctx.pipeline().addAfter(ctx.name(), name, next);
        ctx.fireChannelRead(msg);
        ctx.pipeline().remove(this);
    }
}
