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
        return new AccountSettings(name, server, hub, user, auth, "", nic, certificatePin, maxConnections,
                intervalSeconds, lifetimeSeconds, halfDuplex, encrypt, compress, qos, retryIntervalSeconds, retries,
                proxy, proxyServer, proxyUser, "");
    }

    @Override
    public String toString() {
        return "AccountSettings[" + name + ": " + user + "@" + server + " hub " + hub + ", " + auth + ", nic " + nic
                + ", connections " + maxConnections + ", proxy " + proxy + "]";
    }
}
