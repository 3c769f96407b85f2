package org.ethervpn.admin.wire;

import java.time.Instant;

import org.ethervpn.pack.Pack;
import org.ethervpn.pack.SoftEtherTime;

/** {@code <TRAFFIC>} blocks (admin spec §5.1) and SoftEther times, both directions. */
public final class Traffic {
    private static final String[] NAMES = {"Recv.BroadcastBytes", "Recv.BroadcastCount", "Recv.UnicastBytes",
        "Recv.UnicastCount", "Send.BroadcastBytes", "Send.BroadcastCount", "Send.UnicastBytes", "Send.UnicastCount"};

    private Traffic() {
    }

    /** The eight field names after the prefix, in the order {@link #write} writes them. */
    public static String[] names() {
        return NAMES.clone();
    }

    /**
     * Writes a {@code <TRAFFIC>} (one value each, or appended to arrays): this server counts frames
     * and bytes per direction, not unicast and broadcast apart, so all of it is reported as unicast.
     */
    public static Pack write(Pack p, String prefix, long framesIn, long bytesIn, long framesOut, long bytesOut,
            boolean array) {
        long[] values = {0, 0, bytesIn, framesIn, 0, 0, bytesOut, framesOut};
        for (int i = 0; i < NAMES.length; i++) {
            if (array) {
                p.appendInt64(prefix + NAMES[i], values[i]);
            } else {
                p.addInt64(prefix + NAMES[i], values[i]);
            }
        }
        return p;
    }

    /**
     * Reads value {@code i} of a {@code <TRAFFIC>}: frames in, bytes in, frames out, bytes out, unicast
     * and broadcast added (a real SoftEther server counts them apart).
     */
    public static long[] read(Pack p, String prefix, int i) {
        return new long[] {
            p.getInt64(prefix + "Recv.UnicastCount", i) + p.getInt64(prefix + "Recv.BroadcastCount", i),
            p.getInt64(prefix + "Recv.UnicastBytes", i) + p.getInt64(prefix + "Recv.BroadcastBytes", i),
            p.getInt64(prefix + "Send.UnicastCount", i) + p.getInt64(prefix + "Send.BroadcastCount", i),
            p.getInt64(prefix + "Send.UnicastBytes", i) + p.getInt64(prefix + "Send.BroadcastBytes", i)};
    }

    /** A SoftEther time for an instant, 0 for null (never). */
    public static long time(Instant t) {
        return t == null ? 0 : SoftEtherTime.fromInstant(t);
    }

    /** An instant for a SoftEther time, null for 0 (never). */
    public static Instant time(long wire) {
        return wire == 0 ? null : SoftEtherTime.toInstant(wire).orElse(null);
    }
}
