package org.ethervpn.server.config;

/** How a hub user logs in (same constants as {@code org.ethervpn.api.admin.UserAuth}). */
public enum UserAuthType {
    /** No password: anyone giving this user name gets in. */
    ANONYMOUS,
    /** SoftEther password, stored as SHA0(password || UPPER(user)). */
    PASSWORD
}
