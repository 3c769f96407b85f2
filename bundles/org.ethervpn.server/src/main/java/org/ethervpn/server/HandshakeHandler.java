package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLSession;

import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackException;
import org.ethervpn.pack.PackLimits;
import org.ethervpn.protocol.CarriageCheck;
import org.ethervpn.protocol.ConnectionDirection;
import org.ethervpn.protocol.HttpCarriage;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.ProtocolError;
import org.ethervpn.protocol.Watermark;
import org.ethervpn.protocol.WatermarkVerdict;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The server side of one connection until it enters tunnel mode (spec §1.3, §1.4, §2.2, §3, §4.1):
 * watermark, hello, then {@code login}, {@code additional_connect}, {@code enum_hub} or
 * {@code noop}. Whatever goes wrong closes this connection only, with a logged reason; nothing is
 * buffered beyond the declared (and checked) Content-Length, and the whole handshake has a deadline.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private enum State { WATERMARK, PACK, DONE }

    private final ServerContext server;
    private final Authenticator auth;
    private final HubSet hubs;
    private final Supplier<List<String>> hubNames;
    private State state = State.WATERMARK;
    private HttpRequest head;
    private boolean apiRequest;
    private ByteBuf body;
    private long expected;
    private int requests;
    private int noops;
    private byte[] challenge;
    private ScheduledFuture<?> deadline;

    HandshakeHandler(ServerContext server, Authenticator auth, HubSet hubs, Supplier<List<String>> hubNames) {
        this.server = server;
        this.auth = auth;
        this.hubs = hubs;
        this.hubNames = hubNames;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        int millis = server.options().handshakeTimeoutMillis();
        deadline = ctx.executor().schedule(() -> refuse(ctx, "the handshake was not finished within " + millis + " ms"),
                millis, TimeUnit.MILLISECONDS);
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
            if (state == State.DONE) {
                return;
            }
            if (msg instanceof HttpRequest req) {
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
        if (state == State.DONE) {
            ctx.close(); // refused already, and the reason logged
            return;
        }
        refuse(ctx, describe(cause));
    }

    /** A TLS handshake that times out fails with this event only, no exception: log it like any refusal. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess() && state != State.DONE
                && !(e.cause() instanceof ClosedChannelException)) {
            refuse(ctx, "TLS handshake failed: " + describe(e.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    // ---------------------------------------------------------------- HTTP

    private void onHead(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            refuse(ctx, "malformed HTTP request: " + describe(req.decoderResult().cause()));
            return;
        }
        // SoftEther's limit on requests before a valid watermark; PACKs are limited by the noop count
        if (state == State.WATERMARK && ++requests > Watermark.MAX_REQUESTS_PER_CONNECTION) {
            refuse(ctx, "more than " + Watermark.MAX_REQUESTS_PER_CONNECTION + " requests");
            return;
        }
        if (state == State.WATERMARK && JsonRpcHttp.isApi(req)) {
            onApiHead(ctx, req);
            return;
        }
        if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
            // The real vpnclient opens every connection with "GET /" and expects SoftEther's 403
            // with the connection kept, then POSTs the watermark on it.
            server.log().debug("Connection from {}: web request {} {}", ctx.channel().remoteAddress(), req.method(),
                    abbreviate(req.uri()));
            ctx.writeAndFlush(WebPage.forbidden(req.method() == HttpMethod.HEAD));
            return;
        }
        if (state == State.WATERMARK) {
            WatermarkVerdict verdict = Watermark.checkHead(req);
            if (!verdict.accepted()) {
                answerStatus(ctx, verdict, "watermark request refused: " + verdict.reason());
                return;
            }
        } else {
            CarriageCheck check = HttpCarriage.checkPackRequest(req);
            if (!check.ok()) {
                fail(ctx, ProtocolError.DISCONNECTED, "PACK request refused: " + check.reason());
                return;
            }
        }
        expected = HttpUtil.getContentLength(req, -1L); // checked above: 10..65536
        head = req;
        body = ctx.alloc().buffer((int) expected, (int) expected);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        if (data.readableBytes() > body.writableBytes()) {
            refuse(ctx, "request body longer than its Content-Length");
            return;
        }
        body.writeBytes(data);
        if (content instanceof LastHttpContent) {
            if (body.readableBytes() != expected) {
                refuse(ctx, "request body shorter than its Content-Length");
                return;
            }
            HttpRequest req = head;
            ByteBuf b = body;
            head = null;
            body = null;
            try {
                if (apiRequest) {
                    apiRequest = false;
                    onApi(ctx, req, b);
                } else if (state == State.WATERMARK) {
                    onWatermark(ctx, req, b);
                } else {
                    onPack(ctx, b);
                }
            } finally {
                b.release();
            }
        }
    }

    // ---------------------------------------------------------------- JSON-RPC (admin spec §4)

    private void onApiHead(ChannelHandlerContext ctx, HttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        ServerOptions.JsonRpcAccess access = server.options().jsonRpc();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (access == ServerOptions.JsonRpcAccess.DISABLED
                || access == ServerOptions.JsonRpcAccess.LOOPBACK && !remote.getAddress().isLoopbackAddress()) {
            answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.FORBIDDEN, access == ServerOptions.JsonRpcAccess.DISABLED
                    ? "JSON-RPC is disabled on this server" : "JSON-RPC is only accepted from this machine (loopback)"),
                    "JSON-RPC request refused: " + access);
            return;
        }
        if (req.method() == HttpMethod.OPTIONS) {
            ctx.writeAndFlush(JsonRpcHttp.preflight(origin));
            return;
        }
        if (req.method() == HttpMethod.GET) {
            ByteBuf b = Unpooled.copiedBuffer(JsonRpcHttp.getAsJsonRpc(req), java.nio.charset.StandardCharsets.UTF_8);
            try {
                onApi(ctx, req, b);
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
        apiRequest = true;
        expected = length;
        head = req;
        body = ctx.alloc().buffer((int) length, (int) length);
    }

    private void onApi(ChannelHandlerContext ctx, HttpRequest req, ByteBuf b) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        JsonRpcHttp.Credentials who = JsonRpcHttp.credentials(req.headers());
        Authenticator.AdminLogin login = who == null ? null : auth.adminPasswordLogin(who.user(), who.password(), remote);
        if (!(login instanceof Authenticator.AdminLogin.Granted granted)) {
            Authenticator.AdminLogin.Refused refused = (Authenticator.AdminLogin.Refused) login;
            long delay = refused == null ? 0 : refused.delayMillis();
            server.log().info("JSON-RPC request from {} refused: {}", remote, refused == null ? "no credentials" : refused.reason());
            ctx.executor().schedule(() -> ctx.writeAndFlush(JsonRpcHttp.unauthorized(origin)), delay, TimeUnit.MILLISECONDS);
            return;
        }
        java.util.Optional<org.ethervpn.api.admin.AdminRpcEndpoint> rpc = server.plugins().adminRpc();
        if (rpc.isEmpty()) {
            answerAndClose(ctx, JsonRpcHttp.refused(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the admin RPC plugin (org.ethervpn.admin.rpc) is not installed"), "JSON-RPC without the admin RPC plugin");
            return;
        }
        // an authenticated request restarts the limits, as SoftEther's does: a JSON-RPC client keeps its connection
        requests = 0;
        cancelDeadline();
        handlerAdded(ctx);
        server.connections().becomes(ctx.channel(), TcpConnectionInfo.JSON_RPC,
                abbreviate(req.headers().get(HttpHeaderNames.USER_AGENT, "")));
        String text = b.toString(java.nio.charset.StandardCharsets.UTF_8);
        rpc.get().jsonRpc(text, granted.caller()).whenComplete((json, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                server.log().error("JSON-RPC request from {} failed", remote, error);
                ctx.close();
            } else if (state != State.DONE) {
                ctx.writeAndFlush(JsonRpcHttp.json(json, origin, req.method() == HttpMethod.GET));
            }
        }));
    }

    private void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse response, String reason) {
        log(ctx, reason);
        state = State.DONE;
        cancelDeadline();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void onWatermark(ChannelHandlerContext ctx, HttpRequest req, ByteBuf b) {
        WatermarkVerdict verdict = Watermark.check(req, b);
        if (!verdict.accepted()) {
            answerStatus(ctx, verdict, "watermark refused: " + verdict.reason());
            return;
        }
        challenge = Messages.random(server.random(), PasswordHash.RANDOM_LENGTH);
        state = State.PACK;
        send(ctx, Messages.hello(challenge, ThreadLocalRandom.current()));
    }

    // ---------------------------------------------------------------- PACK methods

    private void onPack(ChannelHandlerContext ctx, ByteBuf b) {
        Pack pack;
        try {
            pack = PackCodec.decode(b.nioBuffer(), PackLimits.HTTP_REQUEST);
        } catch (PackException e) {
            fail(ctx, ProtocolError.DISCONNECTED, "malformed PACK: " + e.getMessage());
            return;
        }
        if (pack.getInt("noop") != 0) {
            if (++noops > HttpCarriage.MAX_NOOPS) {
                refuse(ctx, "more than " + HttpCarriage.MAX_NOOPS + " noop requests");
            } else {
                send(ctx, Messages.noop(ThreadLocalRandom.current()));
            }
            return;
        }
        String method = pack.getStr("method").toLowerCase(java.util.Locale.ROOT);
        switch (method) {
            case "login" -> login(ctx, LoginRequest.of(pack));
            case "additional_connect" -> join(ctx, pack.getData("session_key"));
            case "admin" -> admin(ctx, pack);
            case "enum_hub" -> {
                // like SoftEther, the connection ends with the hub list (it reads one more PACK first)
                state = State.DONE;
                cancelDeadline();
                ctx.writeAndFlush(response(Messages.hubList(hubNames.get(), ThreadLocalRandom.current())))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            default -> fail(ctx, ProtocolError.PROTOCOL_ERROR, "unknown method \"" + abbreviate(method) + "\"");
        }
    }

    private void login(ChannelHandlerContext ctx, LoginRequest req) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        ServerSession s;
        switch (auth.login(req, challenge, remote)) {
            case Authenticator.Login.Refused r -> {
                fail(ctx, r.error(), "login refused (" + r.error().softEtherName() + "): " + r.reason());
                return;
            }
            case Authenticator.Login.Granted g -> s = g.session();
        }
        TunnelSession t = s.tunnel();
        String connection = connectionName(ctx);
        byte[] key = java.util.HexFormat.of().parseHex(s.keyHex());
        Pack welcome = Messages.welcome(s.name(), connection, key, server.random().nextInt(), t.parameters(),
                s.bridgeMode(), ThreadLocalRandom.current());
        synchronized (s) {
            enterTunnel(ctx, welcome, t, ServerSession.directionFor(t), connection);
        }
        server.log().info("Session {} created on hub {}: user {} from {} ({}), {}", s.name(), s.hubName(), s.user(),
                remote, s.client(), t.parameters());
    }

    /** Admin login (admin spec §1.2-1.4); on success the connection carries the admin RPC from now on. */
    private void admin(ChannelHandlerContext ctx, Pack pack) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        Authenticator.AdminLogin login = auth.adminLogin(pack.getStr("hubname"), pack.getData("secure_password"),
                challenge, remote);
        if (login instanceof Authenticator.AdminLogin.Refused r) {
            state = State.DONE;
            cancelDeadline();
            // the answer to a wrong password waits, growing with each failure from this address
            ctx.executor().schedule(() -> fail(ctx, r.error(), "admin login refused (" + r.error().softEtherName() + "): "
                    + r.reason()), r.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Authenticator.AdminLogin.Granted r = (Authenticator.AdminLogin.Granted) login;
        java.util.Optional<org.ethervpn.api.admin.AdminRpcEndpoint> rpc = server.plugins().adminRpc();
        if (rpc.isEmpty()) {
            fail(ctx, ProtocolError.NOT_SUPPORTED, "admin login, but the admin RPC plugin (org.ethervpn.admin.rpc) is not installed");
            return;
        }
        state = State.DONE;
        cancelDeadline();
        Pack ok = new Pack();
        if (pack.getBool("accept_empty_password") && r.emptyPassword()) {
            ok.addInt("empty_password", 1);
        }
        ok.addPadding(ThreadLocalRandom.current());
        ctx.writeAndFlush(response(ok));
        ChannelPipeline p = ctx.pipeline();
        p.remove("http");
        p.remove(this);
        server.log().info("Administrator login from {} ({})", remote, abbreviate(pack.getStr("client_str")));
        server.connections().becomes(ctx.channel(), TcpConnectionInfo.ADMIN_RPC, abbreviate(pack.getStr("client_str")));
        rpc.get().serve(ctx.channel(), r.caller());
    }

    private void join(ChannelHandlerContext ctx, byte[] key) {
        ServerSession s = hubs.sessionByKey(key);
        if (s == null) {
            fail(ctx, ProtocolError.SESSION_TIMEOUT, "additional_connect with an unknown session key");
            return;
        }
        synchronized (s) {
            ProtocolError error = s.joinRefusal();
            if (error != null) {
                fail(ctx, error, "additional_connect to session " + s.name() + " refused: " + error.message());
                return;
            }
            s.cancelEnd();
            TunnelSession t = s.tunnel();
            ConnectionDirection direction = ServerSession.directionFor(t);
            String connection = connectionName(ctx);
            enterTunnel(ctx, Messages.joined(direction, ThreadLocalRandom.current()), t, direction, connection);
            server.log().info("Connection {} joined session {} from {}, direction {} ({}/{})", connection, s.name(),
                    ctx.channel().remoteAddress(), direction.code(), t.connectionCount(), t.parameters().maxConnections());
        }
    }

    /**
     * Writes the last handshake answer and switches the pipeline to the tunnel stream. Writes are
     * encoded at once on this event loop, so with {@code use_encrypt=0} the TLS handler can go right
     * after: bytes it has received but not decrypted are the first tunnel bytes, and it passes them on
     * when removed (§5.6).
     */
    private void enterTunnel(ChannelHandlerContext ctx, Pack answer, TunnelSession t, ConnectionDirection direction,
            String connection) {
        state = State.DONE;
        cancelDeadline();
        // listed with its session before the peer can see the answer (ConnectionList never shows it twice)
        server.connections().joinedSession(ctx.channel());
        ctx.writeAndFlush(response(answer));
        ChannelPipeline p = ctx.pipeline();
        SslHandler tls = p.get(SslHandler.class);
        String tlsText = tls == null ? "none" : describe(tls.engine().getSession());
        p.remove("http");
        p.remove(this);
        t.attach(ctx.channel(), direction, connection, t.parameters().encrypted() ? tlsText : "none");
        if (!t.parameters().encrypted() && tls != null) {
            p.remove(tls);
        }
    }

    /** The name given at accept (ConnectionList shows it until the connection joins a session). */
    private String connectionName(ChannelHandlerContext ctx) {
        String name = Connections.name(ctx.channel());
        return name == null ? server.connections().nextName() : name;
    }

    // ---------------------------------------------------------------- answers

    private void send(ChannelHandlerContext ctx, Pack pack) {
        ctx.writeAndFlush(response(pack));
    }

    private static FullHttpResponse response(Pack pack) {
        return HttpCarriage.packResponse(Unpooled.wrappedBuffer(PackCodec.encode(pack)), System.currentTimeMillis());
    }

    /** An error PACK (§3.7), then close. */
    private void fail(ChannelHandlerContext ctx, ProtocolError error, String reason) {
        log(ctx, reason);
        state = State.DONE;
        ctx.writeAndFlush(response(Messages.error(error, ThreadLocalRandom.current())))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** 403 or 404 for a refused watermark request; 403 closes where SoftEther closes. */
    private void answerStatus(ChannelHandlerContext ctx, WatermarkVerdict verdict, String reason) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(verdict.status()));
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        if (verdict.closeConnection()) {
            log(ctx, reason);
            state = State.DONE;
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            server.log().debug("Connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.writeAndFlush(r);
        }
    }

    /** Closes without an answer. */
    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (state != State.DONE || ctx.channel().isActive()) {
            log(ctx, reason);
        }
        state = State.DONE;
        cleanup();
        ctx.close();
    }

    private void log(ChannelHandlerContext ctx, String reason) {
        server.log().info("Connection from {} closed: {}", ctx.channel().remoteAddress(), reason);
    }

    private void cancelDeadline() {
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

    private static String describe(SSLSession s) {
        return s.getProtocol() + " " + s.getCipherSuite();
    }

    private static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + abbreviate(m));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
