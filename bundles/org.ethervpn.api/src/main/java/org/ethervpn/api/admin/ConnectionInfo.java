package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * One TCP connection of a session. {@code direction} is SoftEther's: 0 both ways, 1 server to client,
 * 2 client to server. {@code tls} is "TLSv1.3 TLS_AES_256_GCM_SHA384", or "none" after
 * {@code use_encrypt=0}. Counters count tunnel frames and bytes of this connection.
 */
public record ConnectionInfo(String name, String remote, int direction, String tls, Instant connected,
        long framesIn, long bytesIn, long framesOut, long bytesOut) {
}
