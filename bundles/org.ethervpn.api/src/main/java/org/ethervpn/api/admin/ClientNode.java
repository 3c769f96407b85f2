package org.ethervpn.api.admin;

/**
 * What a VPN client reported about itself and the server it dialled at login (SoftEther's node
 * information), shown as "(Reported)" in vpncmd's SessionGet. Empty strings and zeros where the
 * client sent nothing; {@code version} is SoftEther's form, e.g. 501 for 5.01.
 */
public record ClientNode(int version, int build, String osName, String osVersion, String osProductId, String hostName,
        String serverHostName, String serverAddress, int serverPort) {
    /** A client that reported nothing (and sessions made before node information was kept). */
    public static final ClientNode NONE = new ClientNode(0, 0, "", "", "", "", "", "", 0);
}
