package org.ethervpn.api.client;

/**
 * A virtual network adapter of the client.
 *
 * @param status "ready", "in use by ACCOUNT" or "error: ..." (the device could not be created)
 */
public record NicInfo(String name, String status) {
}
