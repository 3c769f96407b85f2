package org.ethervpn.server.softether;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ethervpn.protocol.OpenSslCipherNames;
import org.ethervpn.server.config.CipherConfig;

/**
 * SoftEther's {@code CipherName} (an OpenSSL cipher name, spec §7) as a choice of our cipher plugins.
 * Like SoftEther, the setting only narrows TLS 1.2: the chosen plugin's TLS 1.3 suites stay enabled.
 */
final class SoftEtherCiphers {
    private SoftEtherCiphers() {
    }

    /** The IANA name of an OpenSSL TLS 1.2 suite name (any case), if known. */
    static Optional<String> iana(String openssl) {
        return OpenSslCipherNames.iana(openssl);
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
        return OpenSslCipherNames.isTls13(iana);
    }
}
