package org.ethervpn.api.remote;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One logged-in admin session. A lost connection is logged in again on the next call, with the
 * same certificate pin. Closing it makes every later call fail.
 */
@ProviderType
public interface RemoteAdminSession extends AutoCloseable {
    VpnServerAdmin admin();

    /** Our servers' plugin methods; a SoftEther server answers them with "not supported". */
    PluginAdmin plugins();

    /** "host:port" as connected. */
    String server();

    /** The administered hub, or null for the server administrator. */
    String hub();

    /** SHA-256 of the server certificate (DER), colon-separated upper-case hex. */
    String fingerprint();

    /** TLS protocol and cipher suite, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String tls();

    /** The server said its administrator password is empty. */
    boolean emptyPassword();

    @Override
    void close();
}
