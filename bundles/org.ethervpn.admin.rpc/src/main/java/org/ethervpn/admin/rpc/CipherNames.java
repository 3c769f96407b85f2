package org.ethervpn.admin.rpc;

import org.ethervpn.protocol.OpenSslCipherNames;

/**
 * OpenSSL cipher names (what vpncmd's ServerCipherSet users type) to the JSSE/IANA names our cipher
 * plugins use. Names we do not know pass unchanged, and the plugin says whether it offers them.
 */
final class CipherNames {
    private CipherNames() {
    }

    static String toJava(String name) {
        return OpenSslCipherNames.iana(name).orElse(name);
    }
}
