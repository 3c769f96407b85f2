package org.ethervpn.traffic;

import java.util.Locale;

/** Which way data flows, SoftEther's TrafficClient /TYPE. */
public enum TrafficDirection {
    /** Server to client on every connection. */
    DOWNLOAD,
    /** Client to server on every connection. */
    UPLOAD,
    /** Both: odd-numbered connections download, even-numbered ones upload. */
    FULL;

    /** "download", "upload" or "full" (a prefix is enough, as in vpncmd); anything else is refused. */
    public static TrafficDirection parse(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        for (TrafficDirection d : values()) {
            if (!v.isEmpty() && d.name().toLowerCase(Locale.ROOT).startsWith(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException("type must be download, upload or full, not '" + s + "'");
    }
}
