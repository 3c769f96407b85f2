package org.ethervpn.hub;

import java.io.Serial;

/** A port could not join a hub. */
public final class HubJoinException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the join was refused. */
    public enum Reason {
        /** The hub is offline. */
        OFFLINE,
        /** The hub has its maximum number of sessions. */
        FULL
    }

    private final Reason reason;

    HubJoinException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
