package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class KeepAlivePolicyTest {
    @Test
    void timeoutFromThePolicy() {
        assertEquals(20_000, KeepAlivePolicy.timeoutMillisForPolicy(0));
        assertEquals(20_000, KeepAlivePolicy.timeoutMillisForPolicy(20));
        assertEquals(5_000, KeepAlivePolicy.timeoutMillisForPolicy(1));
        assertEquals(60_000, KeepAlivePolicy.timeoutMillisForPolicy(61));
        assertEquals(60_000, KeepAlivePolicy.timeoutMillisForPolicy(Integer.MAX_VALUE));
        assertEquals(5_000, KeepAlivePolicy.timeoutMillisForPolicy(-3));
        assertEquals(30_000, KeepAlivePolicy.forPolicySeconds(30).timeoutMillis());
    }

    @Test
    void defaultIntervalsAreFourToTenSeconds() {
        KeepAlivePolicy policy = KeepAlivePolicy.DEFAULT;
        assertEquals(4_000, policy.minIntervalMillis());
        assertEquals(9_999, policy.maxIntervalMillis());
        SplittableRandom random = new SplittableRandom(3);
        long min = Long.MAX_VALUE;
        long max = 0;
        int atMin = 0;
        for (int i = 0; i < 100_000; i++) {
            long interval = policy.nextIntervalMillis(random);
            min = Math.min(min, interval);
            max = Math.max(max, interval);
            if (interval == 4_000) {
                atMin++;
            }
        }
        assertEquals(4_000, min);
        assertTrue(max >= 9_990 && max <= 9_999, "max " + max);
        // max(rand % 10000, 4000): 40 % of the draws land on the floor
        assertTrue(atMin > 38_000 && atMin < 42_000, "at floor " + atMin);
    }

    @Test
    void intervalsScaleWithTheTimeout() {
        KeepAlivePolicy policy = new KeepAlivePolicy(5_000);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            long interval = policy.nextIntervalMillis(random);
            assertTrue(interval >= 1_000 && interval <= 2_499, "interval " + interval);
            // always well inside the peer's receive timeout
            assertTrue(interval < policy.receiveTimeoutMillis());
        }
        assertEquals(100_000 + 1_000, new KeepAlivePolicy(5_000).nextDeadline(100_000, new FixedZero()));
    }

    @Test
    void receiveTimeout() {
        KeepAlivePolicy policy = KeepAlivePolicy.DEFAULT;
        assertFalse(policy.receiveTimedOut(1_000, 20_999));
        assertTrue(policy.receiveTimedOut(1_000, 21_000));
    }

    @Test
    void paddingLengths() {
        SplittableRandom random = new SplittableRandom(5);
        int max = 0;
        for (int i = 0; i < 20_000; i++) {
            int n = KeepAlivePolicy.paddingLength(random);
            assertTrue(n >= 0 && n < 512);
            max = Math.max(max, n);
        }
        assertEquals(511, max);
        for (int i = 0; i < 1_000; i++) {
            TunnelKeepAlive k = TunnelKeepAlive.randomWithPort(random, 443);
            assertTrue(k.paddingLength() >= 14);
        }
    }

    @Test
    void invalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new KeepAlivePolicy(9));
        assertThrows(IllegalArgumentException.class, () -> TunnelKeepAlive.of(513));
        assertThrows(IllegalArgumentException.class, () -> TunnelKeepAlive.of(-1));
        assertThrows(IllegalArgumentException.class, () -> new TunnelKeepAlive(13, 80));
        assertThrows(IllegalArgumentException.class, () -> new TunnelKeepAlive(20, 65536));
    }

    /** Always draws 0, the floor of every interval. */
    private static final class FixedZero implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return 0;
        }
    }
}
