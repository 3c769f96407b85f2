package org.ethervpn.server;

import javax.net.ssl.SSLSession;

/** How the server writes peers' words and failures into its log: short, one line, the root cause. */
final class Texts {
    private static final int MAX = 80;

    private Texts() {
    }

    /** At most 80 characters of what a peer sent (a URI, a method name, a client string). */
    static String abbreviate(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX) + "...";
    }

    /** The root cause: its type and (abbreviated) message. */
    static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + abbreviate(m));
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    static String describe(SSLSession s) {
        return s.getProtocol() + " " + s.getCipherSuite();
    }
}
