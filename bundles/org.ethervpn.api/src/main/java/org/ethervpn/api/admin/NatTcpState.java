package org.ethervpn.api.admin;

/** A SecureNAT TCP session's state; the ordinal is SoftEther's {@code TcpStatus} code in EnumNAT. */
public enum NatTcpState {
    /** The server's socket to the destination is being opened. */
    CONNECTING,
    /** The destination refused or went away: the client is being sent a reset. */
    SEND_RESET,
    /** The server's socket is connected, the client's handshake not finished. */
    CONNECTED,
    /** Data flows both ways. */
    ESTABLISHED,
    /** One side closed; waiting for the other. */
    WAIT_DISCONNECT
}
