package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.AdminRpcEndpoint;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.protocol.Watermark;
import org.ethervpn.server.ServerSettings.JsonRpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * SoftEther's JSON-RPC on a VPN port (admin spec §4): {@code POST /api/}, the CORS pre-flight
 * {@code OPTIONS}, and {@code GET /api/<Method>?query}, each with the administrator's credentials;
 * the admin RPC plugin answers the call. The client keeps its connection: an authenticated request
 * starts the handshake limits again. Web page requests still get the 403 page; anything else on
 * this connection is refused.
 */
final class JsonRpcHandler extends HandshakeStage {
    private final Authenticator auth;
    /** The next head is the one the front door counted and handed on. */
    private boolean counted = true;

    JsonRpcHandler(ServerContext server, Authenticator auth, long deadlineNanos, int requests) {
        super(server, deadlineNanos, requests);
        this.auth = auth;
    }

    @Override
    void onHead(ChannelHandlerContext ctx, HttpRequest req) {
        boolean first = counted;
        counted = false;
        if (!first && ++requests > Watermark.MAX_REQUESTS_PER_CONNECTION) {
            refuse(ctx, "more than " + Watermark.MAX_REQUESTS_PER_CONNECTION + " requests");
            return;
        }
        if (!JsonRpcHttp.isApi(req)) {
            if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
                WebPage.answer(ctx, server.log(), req);
            } else {
                answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.BAD_REQUEST, "this connection carries"
                        + " JSON-RPC requests only"), "request " + req.method() + " " + Texts.abbreviate(req.uri())
                        + " on a JSON-RPC connection");
            }
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        JsonRpc access = server.options().jsonRpc();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (access == JsonRpc.disabled
                || access == JsonRpc.loopback && !remote.getAddress().isLoopbackAddress()) {
            answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.FORBIDDEN, access == JsonRpc.disabled
                    ? "JSON-RPC is disabled on this server" : "JSON-RPC is only accepted from this machine (loopback)"),
                    "JSON-RPC request refused: " + access);
            return;
        }
        if (req.method() == HttpMethod.OPTIONS) {
            ctx.writeAndFlush(JsonRpcHttp.preflight(origin));
            return;
        }
        if (req.method() == HttpMethod.GET) {
            String body;
            try {
                body = JsonRpcHttp.getAsJsonRpc(req);
            } catch (IllegalArgumentException e) {
                answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.BAD_REQUEST, "the request target is not"
                        + " valid percent-encoding"), "JSON-RPC GET with a malformed request target: " + Texts.abbreviate(e.getMessage()));
                return;
            }
            ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            try {
                onRequest(ctx, req, b);
            } finally {
                b.release();
            }
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length < 0 || length > JsonRpcHttp.MAX_BODY) {
            answerAndClose(ctx, JsonRpcHttp.refused(length < 0 ? HttpResponseStatus.LENGTH_REQUIRED
                    : HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, length < 0 ? "a JSON-RPC request needs a Content-Length"
                    : "JSON-RPC requests are limited to " + JsonRpcHttp.MAX_BODY + " bytes"),
                    "JSON-RPC request of " + length + " bytes refused");
            return;
        }
        expectBody(ctx, req, length);
    }

    @Override
    void onRequest(ChannelHandlerContext ctx, HttpRequest req, ByteBuf b) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        JsonRpcHttp.Credentials who = JsonRpcHttp.credentials(req.headers());
        Authenticator.AdminLogin login = who == null ? null : auth.adminPasswordLogin(who.user(), who.password(), remote);
        if (!(login instanceof Authenticator.AdminLogin.Granted granted)) {
            Authenticator.AdminLogin.Refused refused = (Authenticator.AdminLogin.Refused) login;
            server.log().info("JSON-RPC request from {} refused: {}", remote,
                    refused == null ? "no credentials" : refused.reason());
            ctx.executor().schedule(() -> ctx.writeAndFlush(JsonRpcHttp.unauthorized(origin)),
                    refused == null ? 0 : refused.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Optional<AdminRpcEndpoint> rpc = server.plugins().adminRpc();
        if (rpc.isEmpty()) {
            answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the admin RPC plugin (org.ethervpn.admin.rpc) is not installed"), "JSON-RPC without the admin RPC plugin");
            return;
        }
        restartLimits(ctx); // as SoftEther's: a JSON-RPC client keeps its connection
        server.connections().becomes(ctx.channel(), TcpConnectionInfo.JSON_RPC,
                Texts.abbreviate(req.headers().get(HttpHeaderNames.USER_AGENT, "")));
        String text = b.toString(StandardCharsets.UTF_8);
        rpc.get().jsonRpc(text, granted.caller()).whenComplete((json, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                server.log().error("JSON-RPC request from {} failed", remote, error);
                ctx.close();
            } else if (!done) {
                ctx.writeAndFlush(JsonRpcHttp.json(json, origin, req.method() == HttpMethod.GET));
            }
        }));
    }

    private void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse response, String reason) {
        log(ctx, reason);
        done = true;
        cancelDeadline();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
