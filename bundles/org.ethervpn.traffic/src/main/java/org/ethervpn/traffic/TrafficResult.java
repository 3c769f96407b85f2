package org.ethervpn.traffic;

/**
 * A finished measurement, computed as SoftEther's TrafficClient does: the TCP stream bytes per
 * direction (download counted by the client, upload reported by the server), optionally corrected
 * to Ethernet frames (x 1514 / 1460: a full 1460-byte segment travels in a 1514-byte frame), divided
 * by the measured span, optionally doubled.
 *
 * @param spanMillis the measured span (start to the client's stop)
 * @param raw no Ethernet-frame correction in the figures below
 * @param doubled the bit rates are doubled
 * @param streamDownloadBytes TCP payload bytes the client received
 * @param streamUploadBytes TCP payload bytes the server received (its report)
 * @param downloadBytes shown download volume (corrected unless raw)
 * @param uploadBytes shown upload volume (corrected unless raw)
 * @param totalBytes their sum
 * @param downloadBps average download throughput, bits per second
 * @param uploadBps average upload throughput, bits per second
 * @param totalBps their sum
 */
public record TrafficResult(long spanMillis, boolean raw, boolean doubled, long streamDownloadBytes,
        long streamUploadBytes, long downloadBytes, long uploadBytes, long totalBytes, long downloadBps,
        long uploadBps, long totalBps) {
}
