package org.ethervpn.api.admin;

/** How a hub user logs in. */
public enum UserAuth {
    /** No password: anyone giving this user name gets in. */
    ANONYMOUS,
    /** SoftEther password: stored as SHA0(password + UPPER(user)), accepts hashed and plain login. */
    PASSWORD
}
