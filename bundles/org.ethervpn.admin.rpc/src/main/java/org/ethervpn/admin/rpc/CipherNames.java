package org.ethervpn.admin.rpc;

import org.ethervpn.protocol.OpenSslCipherNames;

/**
 * OpenSSL cipher names (what vpncmd's ServerCipherSet users type and what SoftEther's ServerCipherGet
 * shows) to the JSSE/IANA names our cipher plugins use, and back. Names we do not know pass
 * unchanged, and the plugin says whether it offers them. TLS 1.3 suites have one name in both.
 */
final class CipherNames {
    private CipherNames() {
    }

    static String toJava(String name) {
        return OpenSslCipherNames.iana(name).orElse(name);
    }

    static String toOpenSsl(String name) {
        return OpenSslCipherNames.openssl(name).orElse(name);
    }
}
