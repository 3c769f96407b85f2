package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * A hub user. {@code lastLogin} is null before the first login, {@code created} when unknown (e.g.
 * imported); no secret is ever part of it. A user logs in only if {@code enabled} and not expired
 * ({@code expires} null = never).
 */
public record UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
        Instant lastLogin, Instant created, boolean enabled, Instant expires) {
    /** Enabled, never expiring (API 1.4). */
    public UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
            Instant lastLogin, Instant created) {
        this(hub, name, auth, realName, note, logins, lastLogin, created, true, null);
    }

    /** Without the creation time (API 1.2). */
    public UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
            Instant lastLogin) {
        this(hub, name, auth, realName, note, logins, lastLogin, null);
    }

    /** Whether the expiry time has passed at {@code now} (the login check's rule: expires <= now). */
    public boolean expiredAt(Instant now) {
        return expires != null && !expires.isAfter(now);
    }
}
