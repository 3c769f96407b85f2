package org.ethervpn.client;

import java.time.Duration;
import java.util.Objects;

import org.ethervpn.api.tls.ServerTrust;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.ProxySettings;

/**
 * What a client session asks for (the account options of the seed that reach the wire, spec §3.4
 * and §4.2). The password is never part of {@link #toString()}.
 *
 * @param maxConnections TCP connections to use, 1..32 (SoftEther client default 1, cascades 8)
 * @param additionalInterval pause between opening additional connections, at least 1 s
 * @param connectionLifetime a connection older than this is closed and replaced, the session
 *        staying up (SoftEther's ConnectionDisconnectSpan, for middleboxes that kill long
 *        connections); {@link Duration#ZERO} = off, the default
 * @param passwordHash SoftEther's stored hash instead of the password (cascades keep only that);
 *        used for {@link AuthKind#PASSWORD} when {@code password} is null
 * @param bridgeMode ask for bridge/routing mode (cascades and bridges do)
 * @param proxy the HTTP or SOCKS proxy to go through (the caller picks the matching transport), or null
 */
public record ClientOptions(Endpoint server, String hub, String user, AuthKind auth, String password,
        byte[] passwordHash, ServerTrust trust, int maxConnections, Duration additionalInterval, Duration connectionLifetime, boolean halfDuplex, boolean encrypt,
        boolean compress, boolean qos, boolean bridgeMode, String clientProduct, ProxySettings proxy) {

    /** How the client proves who it is (§3.2). */
    public enum AuthKind { ANONYMOUS, PASSWORD, PLAIN_PASSWORD }

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final String PRODUCT = "EtherVPN Client (SoftEther VPN 5.01 compatible)";

    public ClientOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(additionalInterval, "additionalInterval");
        if (hub == null || hub.isBlank()) {
            throw new IllegalArgumentException("a hub name is required");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a user name is required");
        }
        passwordHash = passwordHash == null ? null : passwordHash.clone();
        if (auth == AuthKind.PLAIN_PASSWORD && password == null
                || auth == AuthKind.PASSWORD && password == null && (passwordHash == null || passwordHash.length != 20)) {
            throw new IllegalArgumentException("password authentication needs a password");
        }
        if (maxConnections < 1 || maxConnections > 32) {
            throw new IllegalArgumentException("the number of TCP connections must be 1..32, not " + maxConnections);
        }
        if (additionalInterval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the connection establishment interval must be at least 1 s");
        }
        connectionLifetime = connectionLifetime == null ? Duration.ZERO : connectionLifetime;
        if (connectionLifetime.isNegative() || !connectionLifetime.isZero() && connectionLifetime.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the connection lifetime must be off (0) or at least 1 s");
        }
        clientProduct = clientProduct == null ? PRODUCT : clientProduct;
    }

    /** A SoftEther client's defaults: one connection, 1 s interval, encryption on, no compression. */
    public static ClientOptions password(Endpoint server, String hub, String user, String password) {
        return new ClientOptions(server, hub, user, AuthKind.PASSWORD, password, null, new ServerTrust.AnyCertificate(),
                1, MIN_INTERVAL, Duration.ZERO, false, true, false, false, false, null, null);
    }

    public ClientOptions withConnections(int n, boolean half) {
        return new ClientOptions(server, hub, user, auth, password, passwordHash, trust, n, additionalInterval,
                connectionLifetime, half,
                encrypt, compress, qos, bridgeMode, clientProduct, proxy);
    }

    public ClientOptions withEncryption(boolean on, boolean zlib) {
        return new ClientOptions(server, hub, user, auth, password, passwordHash, trust, maxConnections,
                additionalInterval, connectionLifetime, halfDuplex, on, zlib, qos, bridgeMode, clientProduct, proxy);
    }

    public ClientOptions withConnectionLifetime(Duration lifetime) {
        return new ClientOptions(server, hub, user, auth, password, passwordHash, trust, maxConnections,
                additionalInterval, lifetime, halfDuplex, encrypt, compress, qos, bridgeMode, clientProduct, proxy);
    }

    /**
     * A cascade (spec §6): bridge/routing mode, 8 connections, QoS, a product string with "Server"
     * in it (the remote server treats the session as a cascade), login with the stored hash.
     */
    public static ClientOptions cascade(Endpoint server, String hub, String user, byte[] passwordHash, String product) {
        return new ClientOptions(server, hub, user, AuthKind.PASSWORD, null, passwordHash, new ServerTrust.AnyCertificate(),
                8, MIN_INTERVAL, Duration.ZERO, false, true, false, false, true, product, null);
    }

    @Override
    public byte[] passwordHash() {
        return passwordHash == null ? null : passwordHash.clone();
    }

    @Override
    public String toString() {
        return "ClientOptions[" + user + "@" + server + " hub " + hub + ", " + auth + ", connections " + maxConnections
                + (halfDuplex ? " half-duplex" : "") + (encrypt ? "" : ", no encryption")
                + (compress ? ", compression" : "") + (proxy == null ? "" : ", via " + proxy) + "]";
    }
}
