package org.ethervpn.traffic;

/**
 * The progress of a running measurement.
 *
 * @param elapsedMillis time since the data transfer started
 * @param downloadBytes stream bytes received from the server so far
 * @param uploadBytes stream bytes sent to the server so far (the server's own count comes at the end)
 */
public record TrafficSample(long elapsedMillis, long downloadBytes, long uploadBytes) {
}
