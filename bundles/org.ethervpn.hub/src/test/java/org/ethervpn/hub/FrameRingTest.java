package org.ethervpn.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FrameRingTest {
    @Test
    void fifoWithExactCapacityAcrossWraps() {
        FrameRing<Integer> ring = new FrameRing<>(3);
        for (int round = 0; round < 5; round++) {
            assertTrue(ring.offer(1));
            assertTrue(ring.offer(2));
            assertTrue(ring.offer(3));
            assertFalse(ring.offer(4));
            assertEquals(3, ring.size());
            assertEquals(1, ring.poll());
            assertEquals(2, ring.poll());
            assertEquals(3, ring.poll());
            assertNull(ring.poll());
            assertTrue(ring.isEmpty());
        }
    }

    @Test
    void concurrentProducersAndConsumersLoseNothing() throws InterruptedException {
        FrameRing<Long> ring = new FrameRing<>(64);
        int producers = 4;
        int perProducer = 50_000;
        AtomicLong sum = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[producers + 2];
        for (int p = 0; p < producers; p++) {
            threads[p] = Thread.ofPlatform().start(() -> {
                await(start);
                for (long i = 1; i <= perProducer; i++) {
                    while (!ring.offer(i)) {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        long total = (long) producers * perProducer;
        for (int c = 0; c < 2; c++) {
            threads[producers + c] = Thread.ofPlatform().start(() -> {
                await(start);
                while (taken.get() < total) {
                    Long v = ring.poll();
                    if (v != null) {
                        sum.addAndGet(v);
                        taken.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(total, taken.get());
        assertEquals(producers * (long) perProducer * (perProducer + 1) / 2, sum.get());
        assertNull(ring.poll());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
