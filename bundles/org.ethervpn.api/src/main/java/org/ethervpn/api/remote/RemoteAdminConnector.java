package org.ethervpn.api.remote;

import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.transport.ProxySettings;
import org.osgi.annotation.versioning.ProviderType;

/** Opens independent admin sessions to remote servers; each has its own connection and services. */
@ProviderType
public interface RemoteAdminConnector {
    /**
     * Connects to {@code host:port} and logs in as the server administrator ({@code hub} null or
     * empty) or the administrator of {@code hub}, proving knowledge of SHA-0(password) against the
     * server's challenge (the password never travels).
     *
     * @param pinnedFingerprint the SHA-256 fingerprint (colon-separated upper-case hex) the server's
     *        certificate must have, checked before the login is sent; null accepts any certificate
     *        (first contact) and the session reports the one seen
     * @throws RemoteLoginException why not, in words for people (never holding the password)
     */
    RemoteAdminSession open(String host, int port, String hub, byte[] passwordSha0, String pinnedFingerprint)
            throws RemoteLoginException;

    /**
     * As {@link #open(String, int, String, byte[], String)}, through an HTTP (CONNECT), SOCKS4 or
     * SOCKS5 proxy ({@code proxyType} null or DIRECT: none). Re-logins of the session use it too.
     */
    default RemoteAdminSession open(String host, int port, String hub, byte[] passwordSha0, String pinnedFingerprint,
            ProxyType proxyType, ProxySettings proxy) throws RemoteLoginException {
        if (proxyType == null || proxyType == ProxyType.DIRECT) {
            return open(host, port, hub, passwordSha0, pinnedFingerprint);
        }
        throw new RemoteLoginException(RemoteLoginException.Reason.UNREACHABLE,
                "this admin client cannot connect through a " + proxyType + " proxy", "", null);
    }
}
