package org.ethervpn.cipher.modern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up does real sealing and opening, ends by itself, and stops when interrupted. */
class CipherWarmUpTest {
    @Test
    void sealsAndOpensRecordsAndEnds() throws Exception {
        CipherWarmUp w = new CipherWarmUp(CipherWarmUp.BUDGET_NANOS, true);
        Thread t = new Thread(w);
        t.start();
        t.join(30_000);
        assertFalse(t.isAlive(), "the warm-up ends within its budget");
        // each of the three ciphers ran at least one chunk, every record checked after the round trip
        assertTrue(w.records() >= 3L * CipherWarmUp.CHUNK, "records: " + w.records());
    }

    @Test
    void stopsWhenInterrupted() throws Exception {
        CipherWarmUp w = new CipherWarmUp(600_000_000_000L, false); // ten minutes, no early end: only the interrupt stops it
        Thread t = new Thread(w);
        t.start();
        while (w.records() == 0) {
            Thread.sleep(1);
        }
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive(), "interrupted, it stops");
    }
}
