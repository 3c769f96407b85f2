package org.ethervpn.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.ProxySettings;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.client.ReconnectPolicy;
import org.ethervpn.client.VpnConnection;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.hub.VirtualHub;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.session.SessionLink;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;

/**
 * A running cascade (spec §6): a hub port of the local hub, plugged into a client session on the
 * remote hub, kept up with SoftEther's fixed cascade policy (every 10 s, forever) and the cascade's
 * options (connections, encryption, proxy, certificate check: {@link CascadeOptions}). Frames from the
 * remote hub enter the local hub through the port; frames the local hub switches to the port go out.
 */
final class Cascade implements SessionLink {
    /** Contains "Server", so a SoftEther server treats the session as a cascade (bridge/routing mode). */
    static final String PRODUCT = "EtherVPN Server (Cascade Mode)";

    private final ServerContext ctx;
    private final VirtualHub hub;
    private final CascadeConfig config;
    private final Supplier<String> cipherName;
    private final HubPort port;
    private final PortDrain drain = new PortDrain();
    private final VpnConnection connection;

    /** @param cipherName the server's cipher plugin, which cascades use too */
    Cascade(ServerContext ctx, VirtualHub hub, CascadeConfig config, Supplier<String> cipherName) {
        this.ctx = ctx;
        this.hub = hub;
        this.config = config;
        this.cipherName = cipherName;
        this.port = hub.join(PortConfig.cascade("CASCADE-" + config.name()), this::wakeup);
        this.connection = new VpnConnection(this::newSession, ReconnectPolicy.CASCADE, ctx.timer())
                .onEvent(e -> ctx.log().info("Cascade {} of hub {}: {}", config.name(), hub.name(), e));
    }

    Cascade start() {
        connection.start();
        ctx.log().info("Cascade {} of hub {} to {}:{} hub {} started", config.name(), hub.name(), config.host(),
                config.port(), config.remoteHub());
        return this;
    }

    private ClientSession newSession() {
        CipherSuiteProvider cipher = ctx.plugins().cipher(cipherName.get())
                .or(() -> ctx.plugins().ciphers().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("no cipher-suite plugin is installed"));
        CascadeOptions o = config.options();
        ProxySettings proxy = o.proxy() == ProxyType.DIRECT ? null
                : new ProxySettings(Endpoint.parse(o.proxyServer()), o.proxyUser(), o.proxyPassword(), o.httpHeaders());
        ClientTransport transport = ctx.plugins().clientTransport(o.proxy().transport()).orElseThrow(
                () -> new IllegalStateException("the transport plugin '" + o.proxy().transport() + "' for a "
                        + o.proxy() + " proxy is not installed"));
        ClientOptions options = new ClientOptions(new Endpoint(config.host(), config.port()), config.remoteHub(),
                config.user(), ClientOptions.AuthKind.PASSWORD, null, config.passwordHash(), CascadeTrust.of(o),
                o.maxConnections(), Duration.ofSeconds(o.intervalSeconds()), Duration.ofSeconds(o.lifetimeSeconds()),
                o.halfDuplex(), o.encrypt(), o.compress(), o.qos(), true, PRODUCT, proxy);
        return new ClientSession(options, transport, cipher, ctx.plugins().codec().orElse(null),
                ctx.plugins().qos().orElse(null), this, null);
    }

    private void wakeup() {
        ClientSession s = connection.session();
        TunnelSession t = s == null ? null : s.tunnel();
        if (t != null) {
            t.wakeup();
        }
    }

    void stop() {
        connection.close();
        port.leave();
        ctx.log().info("Cascade {} of hub {} stopped", config.name(), hub.name());
    }

    CascadeInfo info() {
        ClientSession s = connection.session();
        TunnelSession t = s == null ? null : s.tunnel();
        String status = switch (connection.state()) {
            case CONNECTING -> "connecting";
            case CONNECTED -> t != null && !t.isClosed() ? "connected" : "connecting";
            case RETRY_WAIT -> "retrying every 10 s";
            case REFUSED -> "refused";
            case GAVE_UP -> "gave up";
            case CLOSED -> "offline";
        };
        return new CascadeInfo(hub.name(), config.name(), config.host() + ":" + config.port(), config.remoteHub(),
                config.user(), true, status, s == null ? "-" : s.sessionName(), t == null ? 0 : t.connectionCount(),
                connection.lastError(), config.options().withoutSecrets());
    }

    // ---------------------------------------------------------------- SessionLink

    @Override
    public void received(List<ByteBuf> frames) {
        hub.forward(port, frames);
    }

    @Override
    public int drainTo(List<? super ByteBuf> out, int max) {
        ClientSession s = connection.session();
        TunnelSession t = s == null ? null : s.tunnel();
        return drain.drainTo(port, out, max, t != null && t.parameters().superFrames());
    }

    /** A cascade to another EtherVPN server carries super-frames both ways when that server agrees. */
    @Override
    public boolean offersSuperFrames() {
        return true;
    }
}
