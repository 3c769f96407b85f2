package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.ethervpn.api.admin.AdminRpcEndpoint;
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
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;

/**
 * The VPN side of a connection until it enters tunnel mode (spec §1.3, §1.4, §2.2, §3, §4.1):
 * watermark, hello, then {@code login}, {@code additional_connect}, {@code admin} (the binary admin
 * RPC), {@code enum_hub} or {@code noop}. The {@link FrontDoor} installs it at the first POST that is
 * not JSON-RPC. Whatever goes wrong closes this connection only, with a logged reason; nothing is
 * buffered beyond the declared (and checked) Content-Length, and the whole handshake has a deadline.
 */
final class VpnHandshakeHandler extends HandshakeStage {
    private final Authenticator auth;
    private final HubSet hubs;
    private final Supplier<List<String>> hubNames;
    private boolean watermarkSeen;
    /** The next head is the one the front door counted and handed on. */
    private boolean counted = true;
    private int noops;
    private byte[] challenge;

    VpnHandshakeHandler(ServerContext server, Authenticator auth, HubSet hubs, Supplier<List<String>> hubNames,
            long deadlineNanos, int requests) {
        super(server, deadlineNanos, requests);
        this.auth = auth;
        this.hubs = hubs;
        this.hubNames = hubNames;
    }

    @Override
    void onHead(ChannelHandlerContext ctx, HttpRequest req) {
        boolean first = counted;
        counted = false;
        // SoftEther's limit on requests before a valid watermark; PACKs are limited by the noop count
        if (!watermarkSeen && !first && ++requests > Watermark.MAX_REQUESTS_PER_CONNECTION) {
            refuse(ctx, "more than " + Watermark.MAX_REQUESTS_PER_CONNECTION + " requests");
            return;
        }
        if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
            WebPage.answer(ctx, server.log(), req);
            return;
        }
        if (!watermarkSeen) {
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
        expectBody(ctx, req, HttpUtil.getContentLength(req, -1L)); // checked above: 10..65536
    }

    @Override
    void onRequest(ChannelHandlerContext ctx, HttpRequest req, ByteBuf b) {
        if (watermarkSeen) {
            onPack(ctx, b);
        } else {
            onWatermark(ctx, req, b);
        }
    }

    private void onWatermark(ChannelHandlerContext ctx, HttpRequest req, ByteBuf b) {
        WatermarkVerdict verdict = Watermark.check(req, b);
        if (!verdict.accepted()) {
            answerStatus(ctx, verdict, "watermark refused: " + verdict.reason());
            return;
        }
        challenge = Messages.random(server.random(), PasswordHash.RANDOM_LENGTH);
        watermarkSeen = true;
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
        String method = pack.getStr("method").toLowerCase(Locale.ROOT);
        switch (method) {
            case "login" -> login(ctx, LoginRequest.of(pack));
            case "additional_connect" -> join(ctx, pack.getData("session_key"));
            case "admin" -> admin(ctx, pack);
            case "enum_hub" -> {
                // like SoftEther, the connection ends with the hub list (it reads one more PACK first)
                done = true;
                cancelDeadline();
                ctx.writeAndFlush(response(Messages.hubList(hubNames.get(), ThreadLocalRandom.current())))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            default -> fail(ctx, ProtocolError.PROTOCOL_ERROR, "unknown method \"" + Texts.abbreviate(method) + "\"");
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
        HubRuntime hub = hubs.get(s.hubName());
        EventLoop accepted = ctx.channel().eventLoop();
        EventLoop home = hub == null ? accepted : hub.placeSession(accepted, server.options().sharedLoopSessions());
        if (home == accepted) {
            welcome(ctx, s, remote);
            return;
        }
        // the client waits for the welcome, so nothing is in flight: move the channel, then answer from there
        Channel ch = ctx.channel();
        ch.deregister().addListener(d -> {
            if (d.isSuccess()) {
                home.register(ch).addListener(r -> {
                    if (r.isSuccess()) {
                        welcome(ctx, s, remote);
                    } else {
                        moveFailed(ctx, s, r.cause());
                    }
                });
            } else {
                moveFailed(ctx, s, d.cause());
            }
        });
    }

    /** The login's connection could not change event loops: the session it created ends with it. */
    private void moveFailed(ChannelHandlerContext ctx, ServerSession s, Throwable cause) {
        log(ctx, "cannot move the connection to its hub's event loop: " + cause);
        ctx.channel().close();
        s.end("its first connection failed");
    }

    private void welcome(ChannelHandlerContext ctx, ServerSession s, InetSocketAddress remote) {
        TunnelSession t = s.tunnel();
        String connection = connectionName(ctx);
        byte[] key = HexFormat.of().parseHex(s.keyHex());
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
            done = true;
            cancelDeadline();
            // the answer to a wrong password waits, growing with each failure from this address
            ctx.executor().schedule(() -> fail(ctx, r.error(), "admin login refused (" + r.error().softEtherName() + "): "
                    + r.reason()), r.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Authenticator.AdminLogin.Granted r = (Authenticator.AdminLogin.Granted) login;
        Optional<AdminRpcEndpoint> rpc = server.plugins().adminRpc();
        if (rpc.isEmpty()) {
            fail(ctx, ProtocolError.NOT_SUPPORTED, "admin login, but the admin RPC plugin (org.ethervpn.admin.rpc) is not installed");
            return;
        }
        done = true;
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
        server.log().info("Administrator login from {} ({})", remote, Texts.abbreviate(pack.getStr("client_str")));
        server.connections().becomes(ctx.channel(), TcpConnectionInfo.ADMIN_RPC, Texts.abbreviate(pack.getStr("client_str")));
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
        done = true;
        cancelDeadline();
        // listed with its session before the peer can see the answer (ConnectionList never shows it twice)
        server.connections().joinedSession(ctx.channel());
        ctx.writeAndFlush(response(answer));
        ChannelPipeline p = ctx.pipeline();
        SslHandler tls = p.get(SslHandler.class);
        String tlsText = tls == null ? "none" : Texts.describe(tls.engine().getSession());
        p.remove("http");
        p.remove(this);
        t.attach(ctx.channel(), direction, connection, t.parameters().encrypted() ? tlsText : "none");
        if (!t.parameters().encrypted() && tls != null) {
            p.remove(tls);
        } else if (tls != null && canUpdateKeys(tls)) {
            keyUpdate(tls, connection);
        }
    }

    /**
     * A TLS 1.3 KeyUpdate right after the answer, so the peer's first read of this connection in
     * tunnel mode processes a handshake message. The real vpnclient needs it after a connection
     * reset: its session's reader thread keeps OpenSSL's error from the reset and takes every later
     * "no data yet" for a fatal error, so every connection it re-joins dies at once; OpenSSL clears
     * that error queue whenever it processes a handshake message (README, "session resume").
     */
    private void keyUpdate(SslHandler tls, String connection) {
        // Netty's renegotiate() is the JDK engine's beginHandshake(), which on TLS 1.3 sends a KeyUpdate
        tls.renegotiate().addListener(f -> {
            if (!f.isSuccess()) {
                server.log().debug("Connection {}: TLS key update failed: {}", connection, f.cause().toString());
            }
        });
    }

    /**
     * TLS 1.3 on the JDK's own engine: its beginHandshake() sends a KeyUpdate. BouncyCastle's engine
     * (the legacy cipher plugin) refuses it ("Renegotiation not supported") and Netty would then
     * close the connection; TLS 1.2 would mean a whole renegotiation. Neither is tried.
     */
    private static boolean canUpdateKeys(SslHandler tls) {
        return "TLSv1.3".equals(tls.engine().getSession().getProtocol())
                && tls.engine().getClass().getName().startsWith("sun.security.ssl.");
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
        done = true;
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
            done = true;
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            server.log().debug("Connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.writeAndFlush(r);
        }
    }
}
