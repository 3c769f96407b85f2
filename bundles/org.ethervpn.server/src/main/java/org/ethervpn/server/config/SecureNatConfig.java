package org.ethervpn.server.config;

import java.security.SecureRandom;
import java.util.Objects;

import org.ethervpn.api.admin.SecureNatOptions;

/**
 * A hub's SecureNAT in {@code server.json}: on or off, and its settings (kept while it is off, as
 * SoftEther keeps them). The options are checked and normalised by {@link SecureNatRules}.
 */
public record SecureNatConfig(boolean enabled, SecureNatOptions options) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public SecureNatConfig {
        options = SecureNatRules.check(Objects.requireNonNull(options, "options"));
    }

    /** Off, SoftEther's defaults, a MAC of its own (a new hub, or one from a file written before SecureNAT). */
    public static SecureNatConfig fresh() {
        return new SecureNatConfig(false, SecureNatRules.defaults(RANDOM));
    }

    public SecureNatConfig withEnabled(boolean on) {
        return new SecureNatConfig(on, options);
    }

    public SecureNatConfig withOptions(SecureNatOptions o) {
        return new SecureNatConfig(enabled, o);
    }
}
