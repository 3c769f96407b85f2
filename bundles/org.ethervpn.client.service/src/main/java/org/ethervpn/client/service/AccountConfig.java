package org.ethervpn.client.service;

import java.util.Arrays;
import java.util.Objects;

import org.ethervpn.api.client.AccountSettings;

/**
 * An account as stored: its settings (the password field holds the password only for plain-password
 * authentication, which needs it; standard password authentication keeps only SoftEther's hash) and
 * whether it was connected when last changed, so a restarted client reconnects it.
 */
record AccountConfig(AccountSettings settings, byte[] passwordHash, boolean startup) {
    AccountConfig {
        Objects.requireNonNull(settings, "settings");
        passwordHash = passwordHash == null ? new byte[0] : passwordHash.clone();
    }

    @Override
    public byte[] passwordHash() {
        return passwordHash.clone();
    }

    String name() {
        return settings.name();
    }

    AccountConfig withStartup(boolean on) {
        return new AccountConfig(settings, passwordHash, on);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountConfig a && a.settings.equals(settings) && a.startup == startup
                && Arrays.equals(a.passwordHash, passwordHash);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "AccountConfig[" + settings + (startup ? ", startup" : "") + "]";
    }
}
