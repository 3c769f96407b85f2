package org.ethervpn.api.admin;

/**
 * A local bridge between a hub and a network interface.
 *
 * @param device    the device name as given (with {@code tap}, the TAP device is {@code tap_<device>})
 * @param active    the interface is open and frames flow (SoftEther's "Operating")
 * @param status    "operating", or what it waits for or why it failed, for people
 */
public record BridgeInfo(String hub, String device, boolean tap, boolean active, String status) {
}
