package org.ethervpn.api.admin;

/** Admin failures with SoftEther's error codes (admin spec §3), so RPC adapters can report them as-is. */
public enum AdminError {
    INTERNAL_ERROR(23),
    OBJECT_NOT_FOUND(29),
    INVALID_PARAMETER(38),
    HUB_NOT_FOUND(8),
    HUB_ALREADY_EXISTS(57),
    USER_ALREADY_EXISTS(66),
    LISTENER_NOT_FOUND(53),
    LISTENER_ALREADY_EXISTS(54),
    LINK_ALREADY_EXISTS(59),
    NOT_SUPPORTED(33);

    private final int code;

    AdminError(int code) {
        this.code = code;
    }

    /** SoftEther's numeric error code ({@code ERR_*}). */
    public int code() {
        return code;
    }
}
