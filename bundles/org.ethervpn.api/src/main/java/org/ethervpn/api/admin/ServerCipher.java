package org.ethervpn.api.admin;

import java.util.List;

/**
 * The server's TLS setting: the cipher-suite plugin by name and the suites enabled from it (empty =
 * the plugin's own default list), plus what the installed plugins offer, for choosing.
 */
public record ServerCipher(String provider, List<String> suites, boolean providerAvailable,
        List<String> availableProviders, List<String> availableSuites) {
    public ServerCipher {
        suites = List.copyOf(suites);
        availableProviders = List.copyOf(availableProviders);
        availableSuites = List.copyOf(availableSuites);
    }
}
