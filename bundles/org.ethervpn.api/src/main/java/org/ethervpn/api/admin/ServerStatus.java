package org.ethervpn.api.admin;

import java.time.Instant;

/** What a server is doing right now (vpncmd's ServerStatusGet); frames and bytes count every hub. */
public record ServerStatus(int hubs, int sessions, int tcpConnections, int macEntries, int users, Instant started,
        Instant now, long framesIn, long bytesIn, long framesOut, long bytesOut) {
}
