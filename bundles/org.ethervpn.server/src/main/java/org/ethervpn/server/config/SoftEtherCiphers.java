package org.ethervpn.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SoftEther's {@code CipherName} (an OpenSSL cipher name, spec §7) as a choice of our cipher plugins.
 * Like SoftEther, the setting only narrows TLS 1.2: the chosen plugin's TLS 1.3 suites stay enabled.
 */
final class SoftEtherCiphers {
    /** OpenSSL names of TLS 1.2 suites (SoftEther 5.01's list, §10.5, and older 3DES) to IANA names. */
    private static final Map<String, String> IANA = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));

    private SoftEtherCiphers() {
    }

    /** The IANA name of an OpenSSL TLS 1.2 suite name (any case), if known. */
    static Optional<String> iana(String openssl) {
        return Optional.ofNullable(IANA.get(openssl.strip().toUpperCase(Locale.ROOT)));
    }

    /**
     * The setting for {@code cipherName}: the first plugin of {@code plugins} (name to suites, in
     * order of preference) offering every suite it names, with that plugin's TLS 1.3 suites first;
     * empty if the name is SoftEther's default, unknown, or no plugin offers it.
     */
    static Optional<CipherConfig> choose(String cipherName, Map<String, List<String>> plugins) {
        List<String> wanted = new ArrayList<>();
        for (String part : cipherName.split(":")) {
            if (part.isBlank()) {
                continue;
            }
            Optional<String> s = iana(part);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            wanted.add(s.get());
        }
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (var p : plugins.entrySet()) {
            if (p.getValue().containsAll(wanted)) {
                List<String> suites = new ArrayList<>(p.getValue().stream().filter(SoftEtherCiphers::isTls13).toList());
                suites.addAll(wanted);
                return Optional.of(new CipherConfig(p.getKey(), suites));
            }
        }
        return Optional.empty();
    }

    /** TLS 1.3 suites have no key exchange in their name. */
    static boolean isTls13(String iana) {
        return iana.startsWith("TLS_") && !iana.contains("_WITH_");
    }
}
