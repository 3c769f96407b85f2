package org.ethervpn.api.auth;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks credentials (for example against an external directory). The hub asks providers in
 * {@code service.ranking} order after its own user list. Must not block for long: it runs during the
 * login deadline.
 */
@ConsumerType
public interface AuthProvider extends Plugin {
    AuthResult authenticate(AuthRequest request);
}
