package org.ethervpn.console;

import java.util.HexFormat;

import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.ProxySettings;

/**
 * A saved connection (SoftEther's "Connection Settings"). {@code hub} empty = server administrator;
 * {@code passwordSha0} is SHA-0(password) as hex, empty when the password is asked at each connect;
 * {@code fingerprint} is the pinned certificate SHA-256, empty until the user accepted one;
 * {@code proxyType}/{@code proxy}/{@code proxyUser}: an HTTP or SOCKS proxy (its password is never
 * saved: it is asked at each connect).
 */
public record SavedConnection(String name, String host, int port, String hub, String passwordSha0, String fingerprint,
        ProxyType proxyType, String proxy, String proxyUser) {
    /** A direct connection. */
    public SavedConnection(String name, String host, int port, String hub, String passwordSha0, String fingerprint) {
        this(name, host, port, hub, passwordSha0, fingerprint, ProxyType.DIRECT, "", "");
    }

    public SavedConnection {
        proxyType = proxyType == null ? ProxyType.DIRECT : proxyType;
        proxy = proxy == null ? "" : proxy.strip();
        proxyUser = proxyUser == null ? "" : proxyUser.strip();
        if (proxyType != ProxyType.DIRECT) {
            try {
                Endpoint.parse(proxy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the proxy must be host:port, not \"" + proxy + "\"");
            }
        }
        name = name == null ? "" : name.strip();
        host = host == null ? "" : host.strip();
        hub = hub == null ? "" : hub.strip();
        passwordSha0 = passwordSha0 == null ? "" : passwordSha0;
        fingerprint = fingerprint == null ? "" : fingerprint;
        if (name.isEmpty() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the connection name must be 1..64 characters without control characters");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("the host must be a name or address without spaces");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be 1..65535, not " + port);
        }
        if (!passwordSha0.isEmpty() && !passwordSha0.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("a saved password must be a SHA-0 hash (40 hex digits)");
        }
    }

    public boolean hubAdmin() {
        return !hub.isEmpty();
    }

    public boolean savedPassword() {
        return !passwordSha0.isEmpty();
    }

    byte[] passwordHash() {
        return HexFormat.of().parseHex(passwordSha0);
    }

    public SavedConnection withFingerprint(String fp) {
        return new SavedConnection(name, host, port, hub, passwordSha0, fp, proxyType, proxy, proxyUser);
    }

    /** The proxy as the admin client takes it (the password is asked at each connect), or null for none. */
    ProxySettings proxySettings(String proxyPassword) {
        return proxyType == ProxyType.DIRECT ? null : new ProxySettings(Endpoint.parse(proxy), proxyUser, proxyPassword);
    }

    /** What the tree shows: the name and where it goes. */
    public String label() {
        return name + " (" + (hubAdmin() ? "hub " + hub + " on " : "") + host + ":" + port
                + (proxyType == ProxyType.DIRECT ? "" : " via " + proxyType.transport() + " " + proxy) + ")";
    }

    @Override
    public String toString() { // never the hash
        return "SavedConnection[" + label() + (savedPassword() ? ", password saved" : "") + "]";
    }
}
