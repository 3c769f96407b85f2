package org.ethervpn.client.service;

import java.time.Duration;
import java.util.Locale;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.ProxySettings;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ReconnectPolicy;

/** Checks account settings (every error names the setting) and turns them into session options. */
final class Accounts {
    private Accounts() {
    }

    /** @throws AdminException INVALID_PARAMETER naming the first bad setting */
    static void validate(AccountSettings s) {
        require(s.name().matches("[^\\p{Cntrl}]{1,255}") && !s.name().isBlank(), "name",
                "1..255 printable characters");
        endpoint("server", s.server());
        require(!s.hub().isBlank() && s.hub().length() <= 255, "hub", "a Virtual Hub name is required");
        require(!s.user().isBlank() && s.user().length() <= 255, "user", "a user name is required");
        require(!s.nic().isBlank(), "nic", "the virtual network adapter to use is required");
        require(s.maxConnections() >= 1 && s.maxConnections() <= 32, "maxConnections",
                "the number of TCP connections must be 1..32, not " + s.maxConnections());
        require(s.intervalSeconds() >= 1, "interval",
                "the connection establishment interval must be at least 1 s, not " + s.intervalSeconds());
        require(s.lifetimeSeconds() >= 0, "lifetime", "the connection lifetime must be 0 (off) or at least 1 s");
        require(s.retryIntervalSeconds() >= 5, "retryInterval",
                "the reconnect interval must be at least 5 s, not " + s.retryIntervalSeconds());
        require(s.retries() >= AccountSettings.UNLIMITED, "retries", "reconnect attempts must be 0 or more, or unlimited");
        require(!s.halfDuplex() || s.maxConnections() >= 2, "halfDuplex",
                "half-duplex needs at least 2 TCP connections (one each way)");
        if (!s.certificatePin().isEmpty()) {
            try {
                new ServerTrust.Pinned(s.certificatePin());
            } catch (IllegalArgumentException e) {
                throw invalid("certificatePin", e.getMessage());
            }
        }
        if (s.proxy() != ProxyType.DIRECT) {
            endpoint("proxyServer", s.proxyServer());
        }
    }

    /** The session options of an account ({@code hash}: the stored password hash, for PASSWORD). */
    static ClientOptions options(AccountConfig a) {
        AccountSettings s = a.settings();
        ClientOptions.AuthKind auth = switch (s.auth()) {
            case ANONYMOUS -> ClientOptions.AuthKind.ANONYMOUS;
            case PASSWORD -> ClientOptions.AuthKind.PASSWORD;
            case PLAIN_PASSWORD -> ClientOptions.AuthKind.PLAIN_PASSWORD;
        };
        if (auth == ClientOptions.AuthKind.PASSWORD && a.passwordHash().length != 20) {
            throw new AdminException(AdminError.INVALID_PARAMETER,
                    "account " + s.name() + " has no password set (use accountpasswordset)");
        }
        ServerTrust trust = s.certificatePin().isEmpty() ? new ServerTrust.AnyCertificate()
                : new ServerTrust.Pinned(s.certificatePin());
        ProxySettings proxy = s.proxy() == ProxyType.DIRECT ? null
                : new ProxySettings(Endpoint.parse(s.proxyServer()), s.proxyUser(), s.proxyPassword());
        return new ClientOptions(Endpoint.parse(s.server()), s.hub(), s.user(), auth,
                auth == ClientOptions.AuthKind.PLAIN_PASSWORD ? s.password() : null,
                auth == ClientOptions.AuthKind.PASSWORD ? a.passwordHash() : null, trust, s.maxConnections(),
                Duration.ofSeconds(s.intervalSeconds()), Duration.ofSeconds(s.lifetimeSeconds()), s.halfDuplex(),
                s.encrypt(), s.compress(), s.qos(), false, null, proxy);
    }

    static ReconnectPolicy reconnect(AccountSettings s) {
        return new ReconnectPolicy(Duration.ofSeconds(s.retryIntervalSeconds()), s.retries());
    }

    private static void endpoint(String setting, String text) {
        try {
            Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    private static void require(boolean ok, String setting, String message) {
        if (!ok) {
            throw invalid(setting, message);
        }
    }

    private static AdminException invalid(String setting, String message) {
        return new AdminException(AdminError.INVALID_PARAMETER, setting.toLowerCase(Locale.ROOT) + ": " + message);
    }
}
