package org.ethervpn.api.auth;

/** How a user proves who they are (SoftEther's auth types). */
public enum AuthMethod {
    ANONYMOUS,
    /** SHA-0 challenge response over the stored password hash. */
    HASHED_PASSWORD,
    /** Clear-text password, protected only by TLS. */
    PLAIN_PASSWORD,
    CERTIFICATE
}
