package org.ethervpn.admin.client;

/** Connecting or logging in failed; the message says why, for a person, and never holds the password. */
public final class AdminLoginException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdminLoginException(String message) {
        super(message);
    }

    public AdminLoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
