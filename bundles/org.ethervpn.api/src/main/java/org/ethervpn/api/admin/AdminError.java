package org.ethervpn.api.admin;

import java.util.Optional;

/** Admin failures with SoftEther's error codes (admin spec §3), so RPC adapters can report them as-is. */
public enum AdminError {
    /** A connection to another server (a cascade's) failed; the text says why. */
    CONNECT_FAILED(1),
    /** The admin connection broke (the client side reports this). */
    DISCONNECTED(3),
    INTERNAL_ERROR(23),
    OBJECT_NOT_FOUND(29),
    INVALID_PARAMETER(38),
    HUB_NOT_FOUND(8),
    HUB_ALREADY_EXISTS(57),
    USER_ALREADY_EXISTS(66),
    LISTENER_NOT_FOUND(53),
    LISTENER_ALREADY_EXISTS(54),
    LINK_ALREADY_EXISTS(59),
    /** A cascade asked for its status while offline. */
    LINK_IS_OFFLINE(61),
    /** The SecureNAT session of a hub is stopped by disabling SecureNAT, not by disconnecting it. */
    SNAT_CANT_DISCONNECT(78),
    /** A user put in a group that does not exist (this server has no groups yet). */
    GROUP_NOT_FOUND(65),
    NOT_SUPPORTED(33),
    /** The caller (a hub administrator) may not call this method or manage that hub. */
    NOT_ENOUGH_RIGHT(52),
    VLAN_ALREADY_EXISTS(30),
    VLAN_INSTALL_ERROR(31),
    VLAN_INVALID_NAME(32),
    ACCOUNT_ALREADY_EXISTS(34),
    ACCOUNT_ACTIVE(35),
    ACCOUNT_NOT_FOUND(36),
    ACCOUNT_INACTIVE(37),
    VLAN_IS_USED(41),
    VLAN_FOR_ACCOUNT_NOT_FOUND(42),
    VLAN_FOR_ACCOUNT_USED(43);

    private final int code;

    AdminError(int code) {
        this.code = code;
    }

    /** SoftEther's numeric error code ({@code ERR_*}). */
    public int code() {
        return code;
    }

    /** The constant for a SoftEther code, empty for one this API does not name. */
    public static Optional<AdminError> of(int code) {
        for (AdminError e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
