package org.ethervpn.traffic.internal;

import org.ethervpn.traffic.TrafficResult;

/** SoftEther's result calculation: Ethernet correction, bits per second, doubling. */
public final class TrafficMath {
    /** A full-size TCP segment's payload on Ethernet (MTU 1500 minus 20 IP and 20 TCP header bytes). */
    static final double SEGMENT_PAYLOAD = 1460.0;
    /** The Ethernet frame carrying it (1500 plus the 14-byte MAC header). */
    static final double FRAME = 1514.0;

    private TrafficMath() {
    }

    public static TrafficResult result(long spanMillis, boolean raw, boolean doubled, long streamDown, long streamUp) {
        long down = raw ? streamDown : (long) (streamDown * FRAME / SEGMENT_PAYLOAD);
        long up = raw ? streamUp : (long) (streamUp * FRAME / SEGMENT_PAYLOAD);
        long downBps = 0;
        long upBps = 0;
        if (spanMillis != 0) {
            downBps = (long) (down * 8.0 / (spanMillis / 1000.0));
            upBps = (long) (up * 8.0 / (spanMillis / 1000.0));
        }
        if (doubled) {
            downBps *= 2;
            upBps *= 2;
        }
        return new TrafficResult(spanMillis, raw, doubled, streamDown, streamUp, down, up, down + up, downBps, upBps,
                downBps + upBps);
    }
}
