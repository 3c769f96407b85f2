package org.ethervpn.pack;

/**
 * How an element appears in JSON when its wire type alone does not say. This is not part of the
 * binary PACK: like SoftEther's server, the code that builds a PACK says which INTs are booleans or
 * addresses and which INT64s are times.
 */
public enum JsonHint {
    /** By wire type: INT {@code _u32}, INT64 {@code _u64}, DATA {@code _bin}, STR {@code _str}, UNISTR {@code _utf}. */
    NONE,
    /** An INT 0/1 shown as {@code _bool}. */
    BOOL,
    /** The INT of an address written by {@link Pack#addIp}, shown as {@code _ip}. */
    IP,
    /** An INT64 time shown as {@code _dt}. */
    TIME
}
