package org.ethervpn.api.remote;

/**
 * Connecting or logging in failed. {@link #reason()} lets a console react (e.g. offer to accept a
 * changed certificate); the message is for people and never holds the password.
 */
public class RemoteLoginException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the session could not be opened. */
    public enum Reason {
        /** No TCP/TLS connection (no server, wrong port, timeout). */
        UNREACHABLE,
        /** The server refused the login (wrong password, no such hub, not allowed). */
        REFUSED,
        /** The certificate is not the pinned one; {@link #fingerprint()} is the one presented. */
        CERTIFICATE_CHANGED,
        /** The peer does not speak SoftEther's admin protocol. */
        NOT_A_SERVER
    }

    private final Reason reason;
    private final String fingerprint;

    public RemoteLoginException(Reason reason, String message, String fingerprint, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.fingerprint = fingerprint == null ? "" : fingerprint;
    }

    public Reason reason() {
        return reason;
    }

    /** The certificate fingerprint the server presented, "" if the TLS handshake did not get that far. */
    public String fingerprint() {
        return fingerprint;
    }
}
