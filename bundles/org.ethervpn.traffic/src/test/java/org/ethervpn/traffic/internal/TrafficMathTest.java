package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ethervpn.traffic.TrafficResult;
import org.junit.jupiter.api.Test;

class TrafficMathTest {
    @Test
    void rawBytesOverTheSpan() {
        TrafficResult r = TrafficMath.result(2000, true, false, 1_000_000, 500_000);
        assertEquals(1_000_000, r.downloadBytes());
        assertEquals(500_000, r.uploadBytes());
        assertEquals(1_500_000, r.totalBytes());
        assertEquals(4_000_000, r.downloadBps());
        assertEquals(2_000_000, r.uploadBps());
        assertEquals(6_000_000, r.totalBps());
    }

    @Test
    void ethernetCorrectionIs1514Over1460TruncatedPerDirection() {
        TrafficResult r = TrafficMath.result(1000, false, false, 1460, 1000);
        assertEquals(1514, r.downloadBytes());
        assertEquals(1036, r.uploadBytes()); // 1036.98... truncated, as SoftEther's integer conversion does
        assertEquals(2550, r.totalBytes());
        assertEquals(1514 * 8, r.downloadBps());
        assertEquals(1036 * 8, r.uploadBps());
        assertEquals(1460, r.streamDownloadBytes());
        assertEquals(1000, r.streamUploadBytes());
    }

    @Test
    void theBitRateUsesTheMeasuredSpanInMilliseconds() {
        // 1,081,129,431 corrected bytes in 3.040 s, the figures of a real run against vpncmd's TrafficServer
        TrafficResult r = TrafficMath.result(3040, true, false, 1_081_129_431, 0);
        assertEquals(2_845_077_450L, r.downloadBps());
    }

    @Test
    void doubledDoublesTheRatesNotTheBytes() {
        TrafficResult r = TrafficMath.result(1000, true, true, 1000, 10);
        assertEquals(1000, r.downloadBytes());
        assertEquals(16_000, r.downloadBps());
        assertEquals(160, r.uploadBps());
        assertEquals(16_160, r.totalBps());
    }

    @Test
    void aZeroSpanGivesZeroRates() {
        TrafficResult r = TrafficMath.result(0, true, false, 1000, 1000);
        assertEquals(0, r.totalBps());
        assertEquals(2000, r.totalBytes());
    }
}
