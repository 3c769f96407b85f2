package org.ethervpn.api.admin;

import java.time.Instant;

/** One learned MAC address of a hub and the session it lives behind. */
public record MacEntryInfo(String hub, String mac, String session, Instant created, Instant lastSeen) {
}
