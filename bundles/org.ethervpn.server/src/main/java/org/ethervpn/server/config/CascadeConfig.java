package org.ethervpn.server.config;

import java.util.Arrays;
import java.util.Objects;

import org.ethervpn.api.admin.CascadeOptions;

/**
 * A cascade connection: this hub joins {@code remoteHub} on another server (or this one) as a
 * client session (spec §6). The password is kept as SoftEther's hash, which is all the hashed
 * login needs; the hash is never part of {@link #toString()}.
 *
 * @param name         the cascade's name within its hub (case-insensitive, user-name rules)
 * @param passwordHash SHA0(password + UPPER(user)), or empty when not set yet
 * @param options      how it connects; its proxy password is stored ("" = none), never null
 */
public record CascadeConfig(String name, String host, int port, String remoteHub, String user, byte[] passwordHash,
        boolean online, CascadeOptions options) {
    public CascadeConfig {
        options = options == null ? CascadeOptions.defaults() : options;
        if (options.proxyPassword() == null) {
            options = options.withProxyPassword("");
        }
        NameRules.user(name);
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("a cascade needs a server host name or address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not within 1..65535");
        }
        NameRules.hub(remoteHub);
        NameRules.user(user);
        passwordHash = passwordHash == null ? new byte[0] : passwordHash.clone();
        if (passwordHash.length != 0 && passwordHash.length != UserConfig.HASH_LENGTH) {
            throw new IllegalArgumentException("a password hash has " + UserConfig.HASH_LENGTH + " bytes");
        }
    }

    /** With SoftEther's default cascade options. */
    public CascadeConfig(String name, String host, int port, String remoteHub, String user, byte[] passwordHash,
            boolean online) {
        this(name, host, port, remoteHub, user, passwordHash, online, null);
    }

    public static CascadeConfig create(String name, String host, int port, String remoteHub, String user) {
        return new CascadeConfig(name, host, port, remoteHub, user, null, false);
    }

    @Override
    public byte[] passwordHash() {
        return passwordHash.clone();
    }

    public boolean hasPassword() {
        return passwordHash.length == UserConfig.HASH_LENGTH;
    }

    public CascadeConfig withPasswordHash(byte[] hash) {
        return new CascadeConfig(name, host, port, remoteHub, user, hash, online, options);
    }

    public CascadeConfig withOnline(boolean on) {
        return new CascadeConfig(name, host, port, remoteHub, user, passwordHash, on, options);
    }

    /** With these options; a null proxy password keeps the stored one. */
    public CascadeConfig withOptions(CascadeOptions o) {
        CascadeOptions next = o.proxyPassword() == null ? o.withProxyPassword(options.proxyPassword()) : o;
        return new CascadeConfig(name, host, port, remoteHub, user, passwordHash, online, next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CascadeConfig c && c.name.equals(name) && c.host.equals(host) && c.port == port
                && c.remoteHub.equals(remoteHub) && c.user.equals(user) && Arrays.equals(c.passwordHash, passwordHash)
                && c.online == online && c.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, host, port, remoteHub, user, Arrays.hashCode(passwordHash), online, options);
    }

    @Override
    public String toString() {
        return "CascadeConfig[" + name + " -> " + user + "@" + host + ":" + port + " hub " + remoteHub
                + ", password " + (hasPassword() ? "set" : "none") + (online ? ", online" : ", offline") + ", " + options + "]";
    }
}
