package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * What a server is: product, version and host (vpncmd's ServerInfoGet).
 *
 * @param version SoftEther's version number this server is compatible with, e.g. 501 for 5.01
 * @param build   SoftEther's build number this server is compatible with
 */
public record ServerInfo(String product, String versionText, int version, int build, String hostName, boolean bridge,
        String osName, String osVersion, Instant started) {
}
