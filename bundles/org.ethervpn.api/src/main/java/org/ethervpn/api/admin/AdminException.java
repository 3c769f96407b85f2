package org.ethervpn.api.admin;

import java.util.Objects;

/** A refused admin operation; the message is for the operator and never contains secrets. */
public class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final AdminError error;

    public AdminException(AdminError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public AdminException(AdminError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public AdminError error() {
        return error;
    }
}
