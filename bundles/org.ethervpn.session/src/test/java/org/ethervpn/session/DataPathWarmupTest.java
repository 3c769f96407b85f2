package org.ethervpn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up carries frames through two real sessions, over the modern cipher plugin's real TLS engines
 * and without TLS, loses none (a round that does not deliver every frame throws), and stops when told to.
 */
class DataPathWarmupTest {
    /** A round: a batch of bulk frames (the last a super-frame) one way, two acknowledgements back. */
    private static final int ROUND = DataPathWarmup.BULK_BATCH + DataPathWarmup.ACKS;
    private static final long ROUND_BYTES = (DataPathWarmup.BULK_BATCH - 1) * 1514L + 64_000 + DataPathWarmup.ACKS * 66;

    @Test
    void tlsWarmUpDeliversEveryFrameOfEveryRound() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(new ModernCipherSuites(), 400, () -> false);
        assertTrue(r.frames() >= ROUND, r.toString());
        assertEquals(0, r.frames() % ROUND, "whole rounds only: " + r);
        assertEquals("modern", r.carriage());
        // per round: frames of 1514 bytes and a super-frame of 64 000 one way, 66-byte ones back
        assertEquals(r.frames() / ROUND * ROUND_BYTES, r.bytes(), r.toString());
    }

    @Test
    void plainWarmUpDeliversEveryFrameOfEveryRound() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(null, 200, () -> false);
        assertEquals("plain", r.carriage());
        assertTrue(r.frames() >= ROUND, r.toString());
        assertEquals(r.frames() / ROUND * ROUND_BYTES, r.bytes(), r.toString());
    }

    @Test
    void stopsWhenTold() throws Exception {
        DataPathWarmup.Result r = DataPathWarmup.run(null, 60_000, () -> true);
        assertEquals(0, r.frames(), r.toString());
        assertTrue(r.millis() < 30_000, r.toString());
    }
}
