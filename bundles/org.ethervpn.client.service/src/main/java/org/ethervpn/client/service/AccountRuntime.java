package org.ethervpn.client.service;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

import org.ethervpn.api.client.AccountStatus;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;
import org.ethervpn.client.VpnConnection;
import org.ethervpn.session.TunnelConnection;
import org.ethervpn.session.TunnelSession;
import org.osgi.service.log.Logger;

/** A connected (or connecting) account: its reconnecting VPN connection, plugged into its adapter. */
final class AccountRuntime implements AutoCloseable {
    private final String name;
    private final ClientOptions options;
    private final String transportName;
    private final ClientPlugins plugins;
    private final Nic nic;
    private final VpnConnection connection;

    AccountRuntime(AccountConfig account, ClientPlugins plugins, Nic nic, ScheduledExecutorService timer, Logger log) {
        this.name = account.name();
        this.options = Accounts.options(account);
        this.transportName = account.settings().proxy().transport();
        this.plugins = plugins;
        this.nic = nic;
        this.connection = new VpnConnection(this::newSession, Accounts.reconnect(account.settings()), timer)
                .onEvent(e -> log.info("Account {}: {}", name, e));
        nic.attach(name, this::tunnel);
    }

    AccountRuntime start() {
        connection.start();
        return this;
    }

    Nic nic() {
        return nic;
    }

    private ClientSession newSession() {
        ClientTransport transport = plugins.transport(transportName).orElseThrow(() -> new IllegalStateException(
                "no transport plugin '" + transportName + "' is installed"));
        CipherSuiteProvider cipher = plugins.cipher().orElseThrow(() -> new IllegalStateException(
                "no cipher-suite plugin is installed"));
        return new ClientSession(options, transport, cipher, plugins.codec().orElse(null), plugins.qos().orElse(null),
                nic, null);
    }

    private TunnelSession tunnel() {
        ClientSession s = connection.session();
        return s == null ? null : s.tunnel();
    }

    AccountStatus.State state() {
        return switch (connection.state()) {
            case CONNECTING -> AccountStatus.State.CONNECTING;
            case CONNECTED -> AccountStatus.State.CONNECTED;
            case RETRY_WAIT -> AccountStatus.State.RETRY_WAIT;
            case GAVE_UP -> AccountStatus.State.GAVE_UP;
            case REFUSED -> AccountStatus.State.REFUSED;
            case CLOSED -> AccountStatus.State.OFFLINE;
        };
    }

    AccountStatus status() {
        AccountStatus.State state = state();
        String error = connection.lastError() == null ? "" : connection.lastError();
        ClientSession s = connection.session();
        TunnelSession t = s == null ? null : s.tunnel();
        if (state != AccountStatus.State.CONNECTED || t == null) {
            return new AccountStatus(name, state, "", null, "", 0, false, false, false, connection.logins(), error,
                    List.of());
        }
        List<TunnelConnection> cs = t.connections();
        List<AccountStatus.Connection> rows = cs.stream().map(c -> new AccountStatus.Connection(c.name(),
                c.direction().name().toLowerCase(Locale.ROOT), c.connected(), c.framesOut(), c.bytesOut(),
                c.framesIn(), c.bytesIn())).toList();
        var p = t.parameters();
        return new AccountStatus(name, state, s.sessionName(), cs.stream().map(TunnelConnection::connected).min(
                Comparator.naturalOrder()).orElse(null), cs.isEmpty() ? "" : cs.getFirst().tls(),
                p.maxConnections(), p.encrypted(), p.compressed(), p.halfDuplex(), connection.logins(), error, rows);
    }

    @Override
    public void close() {
        connection.close();
        nic.detach();
    }
}
