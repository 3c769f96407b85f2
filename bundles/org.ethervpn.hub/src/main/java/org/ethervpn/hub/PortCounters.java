package org.ethervpn.hub;

/**
 * Traffic of one port, seen from the hub.
 *
 * @param framesIn      frames the port's peer sent into the hub that were switched
 * @param bytesIn       their bytes
 * @param framesOut     frames the port's owner drained from its queue
 * @param bytesOut      their bytes
 * @param framesDropped frames for this port that were discarded: its queue was full, or it left
 *                      with frames still queued
 * @param bytesDropped  their bytes
 * @param framesRejected frames from this port the hub refused: shorter than 14 bytes, group source
 *                      MAC, MAC limit reached, or hub offline
 */
public record PortCounters(long framesIn, long bytesIn, long framesOut, long bytesOut, long framesDropped,
        long bytesDropped, long framesRejected) {
}
