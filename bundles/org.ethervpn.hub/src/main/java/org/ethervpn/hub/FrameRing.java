package org.ethervpn.hub;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded lock-free multi-producer multi-consumer ring (Vyukov's sequence-numbered array queue).
 * Many event loops offer into one port's ring at once; the owner drains it while {@code leave()} may
 * drain it from another thread, hence multi-consumer. Nothing is allocated per element, which an
 * unbounded linked queue with a separate counter would do.
 */
final class FrameRing<E> {
    private final int capacity;
    private final AtomicReferenceArray<E> items;
    /** Per slot: equal to the enqueue position when free, position + 1 when full. */
    private final AtomicLongArray sequence;
    private final AtomicLong enqueuePos = new AtomicLong();
    private final AtomicLong dequeuePos = new AtomicLong();

    FrameRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        this.items = new AtomicReferenceArray<>(capacity);
        this.sequence = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequence.set(i, i);
        }
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code e} unless the ring is full; never blocks. */
    boolean offer(E e) {
        long pos = enqueuePos.get();
        int slot;
        for (;;) {
            slot = (int) (pos % capacity);
            long diff = sequence.get(slot) - pos;
            if (diff == 0) {
                if (enqueuePos.compareAndSet(pos, pos + 1)) {
                    break;
                }
                pos = enqueuePos.get();
            } else if (diff < 0) {
                return false;
            } else {
                pos = enqueuePos.get();
            }
        }
        items.set(slot, e);
        sequence.set(slot, pos + 1);
        return true;
    }

    /** Removes the oldest element, or returns {@code null} when empty; never blocks. */
    E poll() {
        long pos = dequeuePos.get();
        int slot;
        for (;;) {
            slot = (int) (pos % capacity);
            long diff = sequence.get(slot) - (pos + 1);
            if (diff == 0) {
                if (dequeuePos.compareAndSet(pos, pos + 1)) {
                    break;
                }
                pos = dequeuePos.get();
            } else if (diff < 0) {
                return null;
            } else {
                pos = dequeuePos.get();
            }
        }
        E e = items.get(slot);
        items.set(slot, null);
        sequence.set(slot, pos + capacity);
        return e;
    }

    /** Approximate number of elements (exact when no one is offering or polling). */
    int size() {
        long size = enqueuePos.get() - dequeuePos.get();
        return (int) Math.max(0, Math.min(size, capacity));
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
