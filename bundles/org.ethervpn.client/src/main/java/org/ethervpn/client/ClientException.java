package org.ethervpn.client;

import java.io.IOException;

/** A connection or login the server refused, or a server that does not speak the protocol. */
public final class ClientException extends IOException {
    private static final long serialVersionUID = 1L;

    public ClientException(String message) {
        super(message);
    }
}
