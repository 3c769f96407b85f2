package org.ethervpn.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.pack.Pack;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.SessionListener;
import org.ethervpn.session.SessionParameters;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslHandler;

/**
 * A VPN session from the client side (spec §4.2, §8.2): logs in on one connection, then opens one
 * more connection per establishment interval until it has {@code max_connection} (the lower of
 * what it asked for and what the server granted), and replaces connections that drop while the
 * session lives. Reconnecting with a new login after the session is lost is the caller's policy.
 */
public final class ClientSession implements SessionListener {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    private final ClientOptions options;
    private final ClientTransport transport;
    private final CipherSuiteProvider cipher;
    private final CompressionCodec codec;
    private final QosPolicy qos;
    private final SessionLink link;
    private final SessionListener listener;
    private volatile TunnelSession tunnel;
    private volatile byte[] sessionKey;
    private volatile String sessionName;
    private volatile EventLoop timerLoop;
    private volatile boolean closed;
    private volatile String lastError;
    private boolean adding;
    private final AtomicInteger joins = new AtomicInteger();
    private final CompletableFuture<String> lost = new CompletableFuture<>();

    /**
     * @param codec needed when the options ask for compression (else null)
     * @param listener also told about every connection that closes (may be null)
     */
    public ClientSession(ClientOptions options, ClientTransport transport, CipherSuiteProvider cipher,
            CompressionCodec codec, QosPolicy qos, SessionLink link, SessionListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        if (options.compress() && codec == null) {
            throw new IllegalArgumentException("compression needs a compression codec plugin");
        }
        this.codec = codec;
        this.qos = qos;
        this.link = Objects.requireNonNull(link, "link");
        this.listener = listener;
    }

    /** Logs in; completes with this session once the first connection is in tunnel mode. */
    public CompletableFuture<ClientSession> start() {
        ClientHandshake h = ClientHandshake.login(options, link.offersSuperFrames(), this::welcome);
        return open(h).thenApply(t -> {
            limitLifetime(t);
            addMoreLater();
            return this;
        });
    }

    public TunnelSession tunnel() {
        return tunnel;
    }

    public String sessionName() {
        return sessionName;
    }

    /** Why the last additional connection failed, or null. */
    public String lastError() {
        return lastError;
    }

    public void close() {
        closed = true;
        TunnelSession t = tunnel;
        if (t != null) {
            t.close("closed by the client");
        }
    }

    // ---------------------------------------------------------------- connections

    /** Connection lifetime (§4.2): closes the connection that just joined when it is that old. */
    private void limitLifetime(TunnelSession t) {
        Duration lifetime = options.connectionLifetime();
        if (lifetime.isZero()) {
            return;
        }
        TunnelConnection newest = null;
        for (TunnelConnection c : t.connections()) {
            if (newest == null || c.connected().isAfter(newest.connected())) {
                newest = c;
            }
        }
        TunnelConnection c = newest;
        if (c != null) {
            c.channel().eventLoop().schedule(() -> c.close("connection lifetime of " + lifetime.toSeconds() + " s reached"),
                    lifetime.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private CompletableFuture<TunnelSession> open(ClientHandshake handshake) {
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler tls = new SslHandler(cipher.newClientEngine(options.server().host(), options.server().port(),
                        options.trust()));
                tls.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT.toMillis());
                ch.pipeline().addLast("tls", tls).addLast("http", new HttpClientCodec())
                        .addLast("aggregator", new HttpObjectAggregator(ClientHandshake.MAX_ANSWER))
                        .addLast("handshake", handshake);
            }
        };
        return transport.connect(new ConnectRequest(options.server(), HANDSHAKE_TIMEOUT, options.proxy()), init)
                .thenCompose(ch -> {
                    timerLoop = ch.eventLoop();
                    ch.eventLoop().schedule(() -> {
                        if (!handshake.result().isDone()) {
                            handshake.result().completeExceptionally(new ClientException(
                                    "the handshake with " + options.server() + " took over " + HANDSHAKE_TIMEOUT));
                            ch.close();
                        }
                    }, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return handshake.result();
                });
    }

    /** Called on the login connection's event loop with the welcome (§3.5 clamps applied). */
    private TunnelSession welcome(Pack w, String tls) {
        int granted = w.getInt("max_connection");
        int n = Math.clamp(Math.min(granted, options.maxConnections()), 1, SessionParameters.MAX_CONNECTIONS);
        boolean q = w.getBool("qos");
        boolean half = w.getBool("half_connection");
        if (q) {
            n = Math.max(n, half ? 4 : 2);
        }
        boolean compressed = w.getBool("use_compress");
        // only when we offered: a server that answers it unasked is not trusted with frames we cannot send elsewhere
        boolean superFrames = link.offersSuperFrames() && !compressed && w.getInt(SessionParameters.SUPER_FRAMES_FIELD) == 1;
        SessionParameters params = new SessionParameters(n, w.getBool("use_encrypt"), compressed, half,
                q && qos != null, Math.max(1, w.getInt("timeout")), superFrames);
        sessionKey = w.getData("session_key");
        sessionName = w.getStr("session_name");
        TunnelSession t = new TunnelSession(sessionName, params, false, link, this, qos,
                params.compressed() ? codec : null);
        tunnel = t;
        return t;
    }

    /** One more connection after the establishment interval, while the session wants more. */
    private void addMoreLater() {
        TunnelSession t = tunnel;
        EventLoop loop = timerLoop;
        synchronized (this) {
            if (closed || t == null || t.isClosed() || adding || t.connectionCount() >= t.parameters().maxConnections()) {
                return;
            }
            adding = true;
        }
        loop.schedule(this::addOne, options.additionalInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void addOne() {
        TunnelSession t = tunnel;
        if (closed || t.isClosed()) {
            return;
        }
        String name = sessionName + "/" + joins.incrementAndGet();
        open(ClientHandshake.join(options, sessionKey, t, name)).whenComplete((ok, error) -> {
            synchronized (this) {
                adding = false;
            }
            if (error == null) {
                limitLifetime(t);
            }
            if (error != null) {
                lastError = error.getMessage();
                if (sessionGone(error) || t.connectionCount() == 0) {
                    lost("the session is gone: " + error.getMessage());
                    return;
                }
            }
            addMoreLater();
        });
    }

    /** Error 13 (session timed out) or 14 to an additional connection: the server forgot the session (§4.2). */
    private static boolean sessionGone(Throwable error) {
        String m = error.getMessage() == null ? "" : error.getMessage();
        return m.contains("error 13 ") || m.contains("error 14 ");
    }

    /** Completes when the session is lost for good (the caller may log in again); never on close(). */
    public CompletableFuture<String> lost() {
        return lost;
    }

    private void lost(String why) {
        TunnelSession t = tunnel;
        if (t != null) {
            t.close(why);
        }
        lost.complete(why);
    }

    @Override
    public void connectionClosed(TunnelSession session, TunnelConnection connection, String reason, int remaining) {
        if (listener != null) {
            listener.connectionClosed(session, connection, reason, remaining);
        }
        addMoreLater();
    }

    @Override
    public String toString() {
        return "ClientSession[" + sessionName + " " + options + "]";
    }
}
