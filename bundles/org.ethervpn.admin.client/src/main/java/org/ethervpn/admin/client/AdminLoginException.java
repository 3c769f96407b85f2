package org.ethervpn.admin.client;

import org.ethervpn.api.remote.RemoteLoginException.Reason;

/** Connecting or logging in failed; the message says why, for a person, and never holds the password. */
public final class AdminLoginException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final String fingerprint;

    public AdminLoginException(String message) {
        this(Reason.NOT_A_SERVER, message, null, null);
    }

    public AdminLoginException(String message, Throwable cause) {
        this(Reason.UNREACHABLE, message, null, cause);
    }

    AdminLoginException(Reason reason, String message, String fingerprint, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.fingerprint = fingerprint == null ? "" : fingerprint;
    }

    /** What kind of failure (a console offers to accept a changed certificate, ...). */
    public Reason reason() {
        return reason;
    }

    /** The certificate fingerprint the server presented, "" when unknown. */
    public String fingerprint() {
        return fingerprint;
    }
}
