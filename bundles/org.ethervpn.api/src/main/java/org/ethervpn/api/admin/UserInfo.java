package org.ethervpn.api.admin;

import java.time.Instant;

/** A hub user. {@code lastLogin} is null before the first login; no secret is ever part of it. */
public record UserInfo(String hub, String name, UserAuth auth, String realName, String note, long logins,
        Instant lastLogin) {
}
