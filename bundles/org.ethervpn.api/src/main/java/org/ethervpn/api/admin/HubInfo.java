package org.ethervpn.api.admin;

/** A Virtual Hub as listed by {@link VpnServerAdmin#hubList()}; {@code maxSessions} 0 = no limit. */
public record HubInfo(String name, boolean online, int maxSessions, int users, int sessions, int macEntries,
        long framesIn, long bytesIn, long framesOut, long bytesOut) {
}
