package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * A Virtual Hub as listed by {@link VpnServerAdmin#hubList()}; {@code maxSessions} 0 = no limit.
 * {@code lastLogin}: the newest session's login since the server started, else when the hub started
 * running (created or loaded), as SoftEther starts it at the hub's creation; null if not known.
 * {@code hidden}: SoftEther's NoEnum, left out of the hub list anonymous clients may ask for.
 * {@code secureNat}: SecureNAT is turned on (SoftEther's SecureNATEnabled), running or not.
 */
public record HubInfo(String name, boolean online, int maxSessions, int users, int sessions, int macEntries,
        long framesIn, long bytesIn, long framesOut, long bytesOut, Instant lastLogin, boolean hidden,
        boolean secureNat) {

    /** A hub without SecureNAT. */
    public HubInfo(String name, boolean online, int maxSessions, int users, int sessions, int macEntries,
            long framesIn, long bytesIn, long framesOut, long bytesOut, Instant lastLogin, boolean hidden) {
        this(name, online, maxSessions, users, sessions, macEntries, framesIn, bytesIn, framesOut, bytesOut, lastLogin,
                hidden, false);
    }

    /** A hub that is listed to clients. */
    public HubInfo(String name, boolean online, int maxSessions, int users, int sessions, int macEntries,
            long framesIn, long bytesIn, long framesOut, long bytesOut, Instant lastLogin) {
        this(name, online, maxSessions, users, sessions, macEntries, framesIn, bytesIn, framesOut, bytesOut, lastLogin, false, false);
    }

    /** A hub whose last login is not known. */
    public HubInfo(String name, boolean online, int maxSessions, int users, int sessions, int macEntries,
            long framesIn, long bytesIn, long framesOut, long bytesOut) {
        this(name, online, maxSessions, users, sessions, macEntries, framesIn, bytesIn, framesOut, bytesOut, null, false, false);
    }
}
