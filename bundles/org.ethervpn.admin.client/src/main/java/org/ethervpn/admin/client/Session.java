package org.ethervpn.admin.client;

import java.util.Arrays;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.transport.ProxySettings;
import org.ethervpn.pack.Pack;

/**
 * The current login to one server: calls go over its {@link AdminConnection}; after that connection
 * was lost (the call that saw it fails with error 3: whether the server ran it is unknown, so it is
 * not repeated) the next call logs in again with the kept SHA-0 hash.
 */
final class Session implements Rpc, AutoCloseable {
    private final String host;
    private final int port;
    private final String hub;
    private final byte[] hash;
    private final String pinned;
    private final ProxyType proxyType;
    private final ProxySettings proxy;
    private AdminConnection connection;
    private boolean closed;

    Session(String host, int port, String hub, byte[] passwordSha0, AdminConnection first) {
        this(host, port, hub, passwordSha0, first, null);
    }

    /** {@code pinned}: the certificate fingerprint every new login must see (null: any). */
    Session(String host, int port, String hub, byte[] passwordSha0, AdminConnection first, String pinned) {
        this(host, port, hub, passwordSha0, first, pinned, null, null);
    }

    /** ... and the proxy every new login goes through (null: none). */
    Session(String host, int port, String hub, byte[] passwordSha0, AdminConnection first, String pinned,
            ProxyType proxyType, ProxySettings proxy) {
        this.proxyType = proxyType;
        this.proxy = proxy;
        this.pinned = pinned;
        this.host = host;
        this.port = port;
        this.hub = hub;
        this.hash = passwordSha0.clone();
        this.connection = first;
    }

    @Override
    public synchronized Pack call(String function, Pack request) {
        if (closed) {
            throw new RpcFailure(AdminError.DISCONNECTED.code(), "disconnected: use vpn:connect");
        }
        if (!connection.isOpen()) {
            try {
                connection = AdminConnection.open(host, port, hub, hash, pinned, proxyType, proxy);
            } catch (AdminLoginException e) {
                throw new RpcFailure(AdminError.DISCONNECTED.code(), "the connection was lost and logging in again failed: " + e.getMessage(), e);
            }
        }
        return connection.call(function, request);
    }

    synchronized AdminConnection connection() {
        return connection;
    }

    @Override
    public synchronized void close() {
        closed = true;
        connection.close();
        Arrays.fill(hash, (byte) 0);
    }
}
