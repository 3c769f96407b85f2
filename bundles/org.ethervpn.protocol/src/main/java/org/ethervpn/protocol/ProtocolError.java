package org.ethervpn.protocol;

import java.util.Optional;

/**
 * SoftEther error codes, the {@code error} INT of a failure PACK (and of admin RPC answers), with
 * SoftEther's constant name and a message of our own.
 */
public enum ProtocolError {
    NO_ERROR(0, "No error."),
    SERVER_IS_NOT_VPN(2, "The destination is not a VPN server."),
    DISCONNECTED(3, "The connection was lost or the peer broke the protocol."),
    PROTOCOL_ERROR(4, "Protocol error: a message was malformed or incomplete."),
    CLIENT_IS_NOT_VPN(5, "The connecting party is not a VPN client."),
    AUTHTYPE_NOT_SUPPORTED(7, "This authentication type is not supported."),
    HUB_NOT_FOUND(8, "The virtual hub does not exist."),
    AUTH_FAILED(9, "Authentication failed: unknown user or wrong password."),
    HUB_STOPPING(10, "The virtual hub is offline."),
    SESSION_REMOVED(11, "The session was removed."),
    ACCESS_DENIED(12, "Access denied."),
    SESSION_TIMEOUT(13, "The session does not exist or has timed out."),
    INVALID_PROTOCOL(14, "Invalid protocol."),
    TOO_MANY_CONNECTION(15, "The session has too many TCP connections."),
    HUB_IS_BUSY(16, "The virtual hub has too many sessions."),
    TOO_MANY_USER_SESSION(20, "The user has too many concurrent sessions."),
    INTERNAL_ERROR(23, "Internal server error."),
    OBJECT_NOT_FOUND(29, "Object not found."),
    NOT_SUPPORTED(33, "Not supported."),
    INVALID_PARAMETER(38, "Invalid parameter."),
    NOT_FARM_CONTROLLER(46, "The server is not a cluster controller."),
    NULL_PASSWORD_LOCAL_ONLY(51, "An empty password is only accepted from the local host."),
    NOT_ENOUGH_RIGHT(52, "Not enough rights for this operation."),
    LISTENER_NOT_FOUND(53, "The listener does not exist."),
    LISTENER_ALREADY_EXISTS(54, "The listener already exists."),
    HUB_ALREADY_EXISTS(57, "The virtual hub already exists."),
    TOO_MANY_HUBS(58, "Too many virtual hubs."),
    LINK_ALREADY_EXISTS(59, "The cascade connection already exists."),
    LINK_CANT_CREATE_ON_FARM(60, "Cascade connections cannot be created on a cluster."),
    LINK_IS_OFFLINE(61, "The cascade connection is offline."),
    TOO_MANY_USER(63, "The server has too many users or sessions for its license."),
    GROUP_NOT_FOUND(65, "The group does not exist."),
    USER_ALREADY_EXISTS(66, "The user already exists."),
    LINK_CANT_DISCONNECT(73, "A cascade session cannot be disconnected this way."),
    SNAT_CANT_DISCONNECT(78, "The SecureNAT session cannot be disconnected this way."),
    BRIDGE_CANT_DISCONNECT(82, "A local bridge session cannot be disconnected this way."),
    LOCAL_BRIDGE_UNSUPPORTED(84, "Local bridges are not supported on this system."),
    VERSION_INVALID(87, "The client version is too old for this hub."),
    LAYER3_CANT_DISCONNECT(91, "A layer-3 switch session cannot be disconnected this way."),
    SERVER_CANT_ACCEPT(105, "The server cannot accept connections now."),
    MONITOR_MODE_DENIED(107, "Monitor mode is not allowed for this user."),
    BRIDGE_MODE_DENIED(108, "Bridge or routing mode is not allowed for this user."),
    IP_ADDRESS_DENIED(109, "Connections from this IP address are not allowed."),
    CLIENT_ID_REQUIRED(127, "The hub requires a specific client id."),
    NOT_SUPPORTED_AUTH_ON_OPENSOURCE(143, "This authentication method is not available in the open-source build.");

    private static final ProtocolError[] BY_CODE;

    static {
        int max = 0;
        for (ProtocolError e : values()) {
            max = Math.max(max, e.code);
        }
        BY_CODE = new ProtocolError[max + 1];
        for (ProtocolError e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;
    private final String message;

    ProtocolError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** SoftEther's constant name, e.g. {@code ERR_AUTH_FAILED}. */
    public String softEtherName() {
        return "ERR_" + name();
    }

    /** One sentence for people. */
    public String message() {
        return message;
    }

    /** The error with this code, if known. */
    public static Optional<ProtocolError> fromCode(long code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[(int) code]) : Optional.empty();
    }

    /** {@code "Error code 9 (ERR_AUTH_FAILED): ..."}, also for unknown codes. */
    public static String describe(long code) {
        return fromCode(code)
                .map(e -> "Error code " + code + " (" + e.softEtherName() + "): " + e.message)
                .orElse("Error code " + code + ".");
    }
}
