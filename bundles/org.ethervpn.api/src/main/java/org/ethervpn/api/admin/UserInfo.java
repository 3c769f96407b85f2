package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * A hub user. {@code lastLogin} is null before the first login, {@code created} when unknown (e.g.
 * imported); no secret is ever part of it.
 */
public record UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
        Instant lastLogin, Instant created) {
    /** Without the creation time (API 1.2). */
    public UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
            Instant lastLogin) {
        this(hub, name, auth, realName, note, logins, lastLogin, null);
    }
}
