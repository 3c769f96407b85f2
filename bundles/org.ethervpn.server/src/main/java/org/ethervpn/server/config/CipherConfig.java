package org.ethervpn.server.config;

import java.util.List;
import java.util.Objects;

/**
 * The TLS setting: the cipher-suite plugin by name ({@code vpn.cipher.name}) and the suites to enable
 * from it, in order; an empty list means the plugin's own default list.
 */
public record CipherConfig(String provider, List<String> suites) {
    /** The plugin that ships with every server (TLS 1.3/1.2 ECDHE AEAD). */
    public static final String DEFAULT_PROVIDER = "modern";

    public CipherConfig {
        Objects.requireNonNull(provider, "provider");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("cipher provider name must not be blank");
        }
        suites = List.copyOf(suites);
        for (String s : suites) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("cipher suite names must not be blank");
            }
        }
    }

    /** {@value #DEFAULT_PROVIDER} with its default suites. */
    public static CipherConfig defaults() {
        return new CipherConfig(DEFAULT_PROVIDER, List.of());
    }
}
