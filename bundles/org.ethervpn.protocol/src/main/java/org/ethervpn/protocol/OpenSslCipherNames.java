package org.ethervpn.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SoftEther keeps its cipher setting as OpenSSL cipher names (admin spec §7); our cipher plugins
 * use IANA/JSSE names. This maps one to the other for the admin RPC and the config import.
 */
public final class OpenSslCipherNames {
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

    private OpenSslCipherNames() {
    }

    /** A TLS 1.3 suite (no key exchange in its name), which SoftEther's cipher setting never removes. */
    public static boolean isTls13(String iana) {
        return iana.startsWith("TLS_") && !iana.contains("_WITH_");
    }

    /** The OpenSSL name of an IANA TLS 1.2 suite name, if known (what SoftEther shows for it). */
    public static Optional<String> openssl(String iana) {
        return IANA.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(iana.strip())).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The IANA name of an OpenSSL TLS 1.2 suite name (any case), if known. */
    public static Optional<String> iana(String openssl) {
        return Optional.ofNullable(IANA.get(openssl.strip().toUpperCase(Locale.ROOT)));
    }
}
