package org.ethervpn.api.remote;

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
}
