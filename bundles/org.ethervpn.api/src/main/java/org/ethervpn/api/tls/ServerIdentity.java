package org.ethervpn.api.tls;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's own key and certificate, kept in the data directory. The first start creates a
 * self-signed RSA-2048 certificate, as SoftEther does.
 */
@ProviderType
public interface ServerIdentity {
    /** The identity TLS listeners present now. */
    TlsIdentity identity();
}
