package org.ethervpn.api.compress;

/** A block could not be compressed or decompressed. */
public class CompressionException extends Exception {
    private static final long serialVersionUID = 1L;

    public CompressionException(String message) {
        super(message);
    }

    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
