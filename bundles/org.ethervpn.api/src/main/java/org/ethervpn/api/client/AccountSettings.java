package org.ethervpn.api.client;

import java.util.Objects;

/**
 * Everything an account says about how to reach a hub (the seed's client connection settings).
 * Validation beyond the obvious (the limits of each number) happens in the client, which reports it
 * as {@code INVALID_PARAMETER} with a message naming the setting.
 *
 * @param server {@code host:port} of the VPN server
 * @param auth how to log in; for {@link Auth#PASSWORD} the client keeps only SoftEther's password hash
 * @param password on input the password (empty = keep the stored one on set); never returned
 * @param nic the virtual network adapter the session is attached to
 * @param certificatePin SHA-256 of the server certificate to require (hex), or empty = any certificate
 * @param maxConnections TCP connections 1..32 (default 1)
 * @param intervalSeconds establishment interval between additional connections, at least 1 (default 1)
 * @param lifetimeSeconds connection lifetime, 0 = off (default)
 * @param retryIntervalSeconds at least 5 (default 15)
 * @param retries reconnect attempts, {@link #UNLIMITED} (default) or 0..n
 * @param proxyPassword never returned
 */
public record AccountSettings(String name, String server, String hub, String user, Auth auth, String password,
        String nic, String certificatePin, int maxConnections, int intervalSeconds, int lifetimeSeconds,
        boolean halfDuplex, boolean encrypt, boolean compress, boolean qos, int retryIntervalSeconds, int retries,
        ProxyType proxy, String proxyServer, String proxyUser, String proxyPassword) {

    public static final int UNLIMITED = -1;

    /** SoftEther's authentication kinds the client offers. */
    public enum Auth { ANONYMOUS, PASSWORD, PLAIN_PASSWORD }

    public AccountSettings {
        Objects.requireNonNull(name, "name");
        server = Objects.requireNonNullElse(server, "");
        hub = Objects.requireNonNullElse(hub, "");
        user = Objects.requireNonNullElse(user, "");
        auth = Objects.requireNonNullElse(auth, Auth.ANONYMOUS);
        password = Objects.requireNonNullElse(password, "");
        nic = Objects.requireNonNullElse(nic, "");
        certificatePin = Objects.requireNonNullElse(certificatePin, "");
        proxy = Objects.requireNonNullElse(proxy, ProxyType.DIRECT);
        proxyServer = Objects.requireNonNullElse(proxyServer, "");
        proxyUser = Objects.requireNonNullElse(proxyUser, "");
        proxyPassword = Objects.requireNonNullElse(proxyPassword, "");
    }

    /** A new account with the SoftEther client's defaults: 1 connection, 1 s interval, encryption on, retry every 15 s forever. */
    public static AccountSettings defaults(String name, String server, String hub, String user, String nic) {
        return new AccountSettings(name, server, hub, user, Auth.ANONYMOUS, "", nic, "", 1, 1, 0, false, true, false,
                false, 15, UNLIMITED, ProxyType.DIRECT, "", "", "");
    }

    /** A copy without secrets, for display. */
    public AccountSettings withoutSecrets() {
        return toBuilder().password("").proxyPassword("").build();
    }

    /** A copy to change: each command or screen sets just what it edits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings of an account, keeping the others. */
    public static final class Builder {
        private String name;
        private String server;
        private String hub;
        private String user;
        private Auth auth;
        private String password;
        private String nic;
        private String certificatePin;
        private int maxConnections;
        private int intervalSeconds;
        private int lifetimeSeconds;
        private boolean halfDuplex;
        private boolean encrypt;
        private boolean compress;
        private boolean qos;
        private int retryIntervalSeconds;
        private int retries;
        private ProxyType proxy;
        private String proxyServer;
        private String proxyUser;
        private String proxyPassword;

        private Builder(AccountSettings s) {
            name = s.name();
            server = s.server();
            hub = s.hub();
            user = s.user();
            auth = s.auth();
            password = s.password();
            nic = s.nic();
            certificatePin = s.certificatePin();
            maxConnections = s.maxConnections();
            intervalSeconds = s.intervalSeconds();
            lifetimeSeconds = s.lifetimeSeconds();
            halfDuplex = s.halfDuplex();
            encrypt = s.encrypt();
            compress = s.compress();
            qos = s.qos();
            retryIntervalSeconds = s.retryIntervalSeconds();
            retries = s.retries();
            proxy = s.proxy();
            proxyServer = s.proxyServer();
            proxyUser = s.proxyUser();
            proxyPassword = s.proxyPassword();
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder server(String value) {
            server = value;
            return this;
        }

        public Builder hub(String value) {
            hub = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder auth(Auth value) {
            auth = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder nic(String value) {
            nic = value;
            return this;
        }

        public Builder certificatePin(String value) {
            certificatePin = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder intervalSeconds(int value) {
            intervalSeconds = value;
            return this;
        }

        public Builder lifetimeSeconds(int value) {
            lifetimeSeconds = value;
            return this;
        }

        public Builder halfDuplex(boolean value) {
            halfDuplex = value;
            return this;
        }

        public Builder encrypt(boolean value) {
            encrypt = value;
            return this;
        }

        public Builder compress(boolean value) {
            compress = value;
            return this;
        }

        public Builder qos(boolean value) {
            qos = value;
            return this;
        }

        public Builder retryIntervalSeconds(int value) {
            retryIntervalSeconds = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder proxy(ProxyType value) {
            proxy = value;
            return this;
        }

        public Builder proxyServer(String value) {
            proxyServer = value;
            return this;
        }

        public Builder proxyUser(String value) {
            proxyUser = value;
            return this;
        }

        public Builder proxyPassword(String value) {
            proxyPassword = value;
            return this;
        }

        public AccountSettings build() {
            return new AccountSettings(name, server, hub, user, auth, password, nic, certificatePin, maxConnections, intervalSeconds, lifetimeSeconds, halfDuplex, encrypt, compress, qos, retryIntervalSeconds, retries, proxy, proxyServer, proxyUser, proxyPassword);
        }
    }

    @Override
    public String toString() {
        return "AccountSettings[" + name + ": " + user + "@" + server + " hub " + hub + ", " + auth + ", nic " + nic
                + ", connections " + maxConnections + ", proxy " + proxy + "]";
    }
}
