package org.ethervpn.config;

/**
 * A configuration that cannot be used: bad syntax, a wrong type or value (the message starts with
 * its path, e.g. {@code hubs[1].users[0].name: must be a string}), or an unreadable file. Messages are
 * written for the operator and shown as they are.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
