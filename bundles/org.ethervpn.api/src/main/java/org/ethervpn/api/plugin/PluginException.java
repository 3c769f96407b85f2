package org.ethervpn.api.plugin;

/** A plugin could not be installed or removed; the message says why, for a person to read. */
public class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
