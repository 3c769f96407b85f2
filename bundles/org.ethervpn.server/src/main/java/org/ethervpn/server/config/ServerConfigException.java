package org.ethervpn.server.config;

import org.ethervpn.config.ConfigException;

/**
 * A configuration that cannot be used: bad JSON, a wrong type or value (the message starts with
 * its JSON path, e.g. {@code hubs[1].users[0].name: must be a string}), or an unreadable file.
 * Messages are written for the operator; the server shows them as they are.
 */
public class ServerConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;

    public ServerConfigException(String message) {
        super(message);
    }

    public ServerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
