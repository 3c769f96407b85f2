package org.ethervpn.shell;

import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.ProxyType;

/** A mutable copy of an account's settings, so each command changes just what it names. */
final class AccountEdit {
    String name, server, hub, user, password, nic, pin, proxyServer, proxyUser, proxyPassword;
    AccountSettings.Auth auth;
    int maxConnections, interval, lifetime, retryInterval, retries;
    boolean half, encrypt, compress, qos;
    ProxyType proxy;

    AccountEdit(AccountSettings s) {
        name = s.name();
        server = s.server();
        hub = s.hub();
        user = s.user();
        auth = s.auth();
        password = s.password();
        nic = s.nic();
        pin = s.certificatePin();
        maxConnections = s.maxConnections();
        interval = s.intervalSeconds();
        lifetime = s.lifetimeSeconds();
        half = s.halfDuplex();
        encrypt = s.encrypt();
        compress = s.compress();
        qos = s.qos();
        retryInterval = s.retryIntervalSeconds();
        retries = s.retries();
        proxy = s.proxy();
        proxyServer = s.proxyServer();
        proxyUser = s.proxyUser();
        proxyPassword = s.proxyPassword();
    }

    AccountSettings build() {
        return new AccountSettings(name, server, hub, user, auth, password, nic, pin, maxConnections, interval,
                lifetime, half, encrypt, compress, qos, retryInterval, retries, proxy, proxyServer, proxyUser,
                proxyPassword);
    }
}
