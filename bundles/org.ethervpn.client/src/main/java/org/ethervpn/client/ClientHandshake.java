package org.ethervpn.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

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
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The client side of one connection until tunnel mode (spec §1.3, §1.4, §3.4, §4.1): watermark,
 * hello, then {@code login} or {@code additional_connect}; on success the pipeline becomes the tunnel
 * stream of the session. Failures complete {@link #result()} exceptionally with the server's error.
 */
final class ClientHandshake extends ChannelInboundHandlerAdapter {
    /** A server answer larger than this is refused (SoftEther allows 512 MiB; welcomes are ~3 KiB). */
    static final int MAX_ANSWER = 1 << 20;

    private enum State { TLS, HELLO, ANSWER, DONE }

    private final ClientOptions options;
    private final byte[] sessionKey;
    private final BiFunction<Pack, String, TunnelSession> onWelcome;
    private final TunnelSession joining;
    private final String joinName;
    private final boolean offerSuperFrames;
    private final CompletableFuture<TunnelSession> result = new CompletableFuture<>();
    private State state = State.TLS;

    /**
     * A login connection: {@code onWelcome(welcome, tls)} makes the session (on the event loop).
     * {@code offerSuperFrames}: the link can carry super-frames, so the login offers them (SoftEther ignores it).
     */
    static ClientHandshake login(ClientOptions options, boolean offerSuperFrames,
            BiFunction<Pack, String, TunnelSession> onWelcome) {
        return new ClientHandshake(options, null, onWelcome, null, null, offerSuperFrames);
    }

    /** An additional connection of {@code session}; the server's answer names none, so it is {@code name}. */
    static ClientHandshake join(ClientOptions options, byte[] sessionKey, TunnelSession session, String name) {
        return new ClientHandshake(options, sessionKey, null, session, name, false);
    }

    private ClientHandshake(ClientOptions options, byte[] sessionKey, BiFunction<Pack, String, TunnelSession> onWelcome,
            TunnelSession joining, String joinName, boolean offerSuperFrames) {
        this.options = options;
        this.offerSuperFrames = offerSuperFrames;
        this.sessionKey = sessionKey;
        this.onWelcome = onWelcome;
        this.joining = joining;
        this.joinName = joinName;
    }

    CompletableFuture<TunnelSession> result() {
        return result;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && state == State.TLS) {
            if (!e.isSuccess()) {
                fail(ctx, "TLS handshake with " + options.server() + " failed: " + e.cause().getMessage());
                return;
            }
            state = State.HELLO;
            ByteBuf body = Watermark.clientBody(ctx.alloc(), ThreadLocalRandom.current());
            ctx.writeAndFlush(HttpCarriage.watermarkRequest(options.server().host(), body));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof FullHttpResponse response) || state == State.DONE) {
                return;
            }
            CarriageCheck check = HttpCarriage.checkPackResponse(response, MAX_ANSWER);
            if (!check.ok()) {
                fail(ctx, options.server() + " is not a SoftEther VPN server: " + check.reason());
                return;
            }
            Pack pack;
            try {
                pack = PackCodec.decode(response.content().nioBuffer(), PackLimits.DEFAULT.withMaxPackSize(MAX_ANSWER));
            } catch (PackException e) {
                fail(ctx, "malformed answer from " + options.server() + ": " + e.getMessage());
                return;
            }
            int error = pack.getInt("error");
            if (error != 0) {
                fail(ctx, "the server refused: error " + error + " (" + ProtocolError.describe(error) + ")");
                return;
            }
            if (state == State.HELLO) {
                onHello(ctx, pack);
            } else {
                onAnswer(ctx, pack);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHello(ChannelHandlerContext ctx, Pack hello) {
        byte[] random = hello.getData("random");
        if (random.length != PasswordHash.RANDOM_LENGTH) {
            fail(ctx, "the server's hello has no 20-byte random");
            return;
        }
        state = State.ANSWER;
        Pack request = sessionKey == null ? LoginPack.login(options, random, offerSuperFrames) : LoginPack.join(options, sessionKey);
        ByteBuf body = Unpooled.wrappedBuffer(PackCodec.encode(request));
        ctx.writeAndFlush(HttpCarriage.packRequest(options.server().host(), body, System.currentTimeMillis()));
    }

    private void onAnswer(ChannelHandlerContext ctx, Pack answer) {
        ChannelPipeline p = ctx.pipeline();
        SslHandler tls = p.get(SslHandler.class);
        String tlsText = tls == null ? "none"
                : tls.engine().getSession().getProtocol() + " " + tls.engine().getSession().getCipherSuite();
        TunnelSession session;
        ConnectionDirection direction;
        if (joining == null) {
            if (answer.getStr("session_name").isEmpty() || answer.getStr("connection_name").isEmpty()
                    || answer.getData("session_key").length != PasswordHash.RANDOM_LENGTH) {
                fail(ctx, "the server's welcome lacks the session name or key");
                return;
            }
            session = onWelcome.apply(answer, tlsText);
            direction = session.parameters().halfDuplex() ? ConnectionDirection.HALF_DUPLEX_LOGIN
                    : ConnectionDirection.BOTH;
        } else {
            session = joining;
            direction = ConnectionDirection.fromCode(answer.getInt("direction"));
        }
        state = State.DONE;
        // Synchronously, while the TLS handler may still hold raw bytes after the answer: removing it
        // last hands them to the tunnel decoder (use_encrypt=0, §5.6).
        p.remove("http");
        p.remove("aggregator");
        p.remove(this);
        boolean encrypted = session.parameters().encrypted();
        String name = joining == null ? answer.getStr("connection_name") : joinName;
        session.attach(ctx.channel(), direction, name, encrypted ? tlsText : "none");
        if (!encrypted && tls != null) {
            p.remove(tls);
        }
        result.complete(session);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "connection to " + options.server() + " failed: " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "the server " + options.server() + " closed the connection during the handshake");
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        state = State.DONE;
        if (result.completeExceptionally(new ClientException(reason))) {
            ctx.close();
        }
    }
}
