package org.ethervpn.admin.rpc;

import java.util.Locale;
import java.util.Map;

/**
 * OpenSSL cipher names (what vpncmd's ServerCipherSet users type) to the JSSE/IANA names our cipher
 * plugins use. Names we do not know pass unchanged, and the plugin says whether it offers them.
 */
final class CipherNames {
    private static final Map<String, String> OPENSSL_TO_IANA = Map.ofEntries(
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"));

    private CipherNames() {
    }

    static String toJava(String name) {
        return OPENSSL_TO_IANA.getOrDefault(name.toUpperCase(Locale.ROOT), name);
    }
}
