package org.ethervpn.api.plugin;

/** The plugin SPIs, with the label shown to people. */
public enum PluginKind {
    CIPHER_SUITE("cipher"),
    COMPRESSION("compression"),
    QOS("qos"),
    TRANSPORT("transport"),
    VIRTUAL_ADAPTER("adapter"),
    AUTHENTICATION("auth");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
