package org.ethervpn.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * MAC address to port, keyed by the packed {@code long} MAC: a fixed array of hash chains, read
 * without locks, changed under one of 64 stripe locks. A {@code ConcurrentHashMap<Long, ...>} would
 * box a {@code Long} for each of the two lookups per frame (outside the small-value cache); here the
 * frame path allocates nothing. The steady state - a known MAC seen again on its own port - only reads
 * the entry and, at most once per touch interval, writes its volatile {@code lastSeen}, so many event
 * loops forwarding frames from the same MAC do not keep stealing one cache line from each other.
 *
 * <p>Unlinking keeps the removed entry's {@code next}, so a reader that stands on it still walks the
 * rest of the chain. A reader may update an entry that was just removed; that learning is lost and
 * the next frame from that MAC learns it again.
 */
final class MacTable {
    private static final int STRIPES = 64;
    private static final long MAX_TOUCH_NANOS = 1_000_000_000L;

    static final class Entry {
        final long mac;
        final long createdNanos;
        volatile Entry next;
        volatile HubPort port;
        volatile long lastSeenNanos;

        Entry(long mac, HubPort port, long now, Entry next) {
            this.mac = mac;
            this.port = port;
            this.createdNanos = now;
            this.lastSeenNanos = now;
            this.next = next;
        }
    }

    private final AtomicReferenceArray<Entry> buckets;
    private final int mask;
    private final int shift;
    private final Object[] locks = new Object[STRIPES];
    private final int capacity;
    private final long ageingNanos;
    /** Granularity of {@code lastSeen}: at most 1 s and at most 1/64 of the ageing time. */
    private final long touchNanos;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong lastFullSweep;
    private final LongAdder unlearned = new LongAdder();

    MacTable(int capacity, long ageingNanos, long now) {
        this.capacity = capacity;
        this.ageingNanos = ageingNanos;
        this.touchNanos = Math.max(1, Math.min(MAX_TOUCH_NANOS, ageingNanos / 64));
        int buckets = Integer.highestOneBit(Math.max(16, capacity / 2 - 1) * 2);
        this.buckets = new AtomicReferenceArray<>(buckets);
        this.mask = buckets - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(buckets);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        this.lastFullSweep = new AtomicLong(now - touchNanos);
    }

    int size() {
        return size.get();
    }

    /** Source MACs that were not learned because the table was full. */
    long unlearned() {
        return unlearned.sum();
    }

    /** The open port {@code mac} was learned on and seen within the ageing time, else {@code null}. */
    HubPort lookup(long mac, long now) {
        Entry e = find(mac);
        if (e == null) {
            return null;
        }
        HubPort port = e.port;
        return port.isOpen() && now - e.lastSeenNanos <= ageingNanos ? port : null;
    }

    /**
     * Records that {@code mac} sent a frame through {@code source}. Returns {@code false} when the
     * frame must be dropped because {@code source} reached its MAC limit. When the table is full even
     * after removing aged entries, the MAC is not learned but the frame may pass (returns true).
     */
    boolean learn(HubPort source, long mac, long now) {
        Entry e = find(mac);
        if (e != null && e.port == source) {
            if (now - e.lastSeenNanos >= touchNanos) {
                e.lastSeenNanos = now;
            }
            return true;
        }
        return learnLocked(source, mac, now, true);
    }

    private boolean learnLocked(HubPort source, long mac, long now, boolean maySweep) {
        int b = bucket(mac);
        synchronized (lock(b)) {
            Entry e = findIn(b, mac);
            if (e != null) {
                HubPort old = e.port;
                if (old != source) {
                    if (!source.reserveMac()) {
                        return false;
                    }
                    old.releaseMac();
                    e.port = source;
                }
                e.lastSeenNanos = now;
                return true;
            }
            if (!source.reserveMac()) {
                return false;
            }
            if (size.incrementAndGet() <= capacity) {
                buckets.set(b, new Entry(mac, source, now, buckets.get(b)));
                return true;
            }
            size.decrementAndGet();
            source.releaseMac();
        }
        // Full. Sweeping takes every stripe lock, so it runs outside ours; rate-limited so that a
        // flood of new MACs cannot make every frame scan the table.
        if (maySweep && sweepIfDue(now) > 0) {
            return learnLocked(source, mac, now, false);
        }
        unlearned.increment();
        return true;
    }

    private int sweepIfDue(long now) {
        long last = lastFullSweep.get();
        if (now - last < touchNanos || !lastFullSweep.compareAndSet(last, now)) {
            return 0;
        }
        return expire(now);
    }

    /** Removes entries not seen within the ageing time, and those of ports that left. */
    int expire(long now) {
        return removeIf(e -> !e.port.isOpen() || now - e.lastSeenNanos > ageingNanos);
    }

    /** Removes every entry of {@code port}. */
    int removePort(HubPort port) {
        return removeIf(e -> e.port == port);
    }

    /** A snapshot of the live entries; not atomic across buckets. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size.get());
        for (int b = 0; b <= mask; b++) {
            for (Entry e = buckets.get(b); e != null; e = e.next) {
                out.add(e);
            }
        }
        return out;
    }

    private int removeIf(Predicate<Entry> doomed) {
        int removed = 0;
        for (int b = 0; b <= mask; b++) {
            if (buckets.get(b) == null) {
                continue;
            }
            synchronized (lock(b)) {
                Entry prev = null;
                for (Entry e = buckets.get(b); e != null; e = e.next) {
                    if (doomed.test(e)) {
                        if (prev == null) {
                            buckets.set(b, e.next);
                        } else {
                            prev.next = e.next;
                        }
                        e.port.releaseMac();
                        size.decrementAndGet();
                        removed++;
                    } else {
                        prev = e;
                    }
                }
            }
        }
        return removed;
    }

    private Entry find(long mac) {
        return findIn(bucket(mac), mac);
    }

    private Entry findIn(int b, long mac) {
        for (Entry e = buckets.get(b); e != null; e = e.next) {
            if (e.mac == mac) {
                return e;
            }
        }
        return null;
    }

    private int bucket(long mac) {
        // Fibonacci hashing: the top bits of the product depend on every byte of the MAC.
        return (int) ((mac * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }

    private Object lock(int bucket) {
        return locks[bucket & (STRIPES - 1)];
    }
}
