package org.ethervpn.api.qos;

/** Frame priority classes. */
public enum Priority {
    /** Ordinary traffic. */
    NORMAL,
    /** Latency-sensitive traffic (VoIP and the like): sent ahead of normal frames. */
    HIGH
}
