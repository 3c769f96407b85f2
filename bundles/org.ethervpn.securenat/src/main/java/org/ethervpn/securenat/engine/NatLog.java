package org.ethervpn.securenat.engine;

/** Where SecureNAT's log lines go (the OSGi log in the runtime). Never given secrets or payloads. */
public interface NatLog {
    void info(String message);

    void warn(String message);

    /** Lines to standard error, for tests and tools. */
    NatLog STDERR = new NatLog() {
        @Override
        public void info(String message) {
            System.err.println("[securenat] " + message);
        }

        @Override
        public void warn(String message) {
            System.err.println("[securenat] WARN " + message);
        }
    };
}
