package org.ethervpn.hub;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Settings of a {@link VirtualHub}.
 *
 * @param maxSessions      most ports at once (sessions, cascades and bridges alike), 0 for no limit
 * @param macTableCapacity most MAC table entries; when full, new source MACs are not learned
 * @param macAgeing        a MAC not seen for this long is forgotten (its frames are flooded again)
 * @param nanoClock        monotonic clock for ageing, {@code System::nanoTime} outside tests
 * @param wallClock        converts ages to instants for the admin MAC table list
 */
public record HubSettings(int maxSessions, int macTableCapacity, Duration macAgeing, LongSupplier nanoClock,
        InstantSource wallClock) {
    /** 600 s, like SoftEther's MAC table expiry (hardware switches use 300 s). */
    public static final Duration DEFAULT_MAC_AGEING = Duration.ofSeconds(600);
    /** 65536 entries, SoftEther's bound on a hub's MAC table. */
    public static final int DEFAULT_MAC_TABLE_CAPACITY = 65536;

    public HubSettings {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions must be >= 0: " + maxSessions);
        }
        if (macTableCapacity < 1) {
            throw new IllegalArgumentException("macTableCapacity must be >= 1: " + macTableCapacity);
        }
        Objects.requireNonNull(macAgeing, "macAgeing");
        if (macAgeing.isNegative() || macAgeing.isZero()) {
            throw new IllegalArgumentException("macAgeing must be positive: " + macAgeing);
        }
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(wallClock, "wallClock");
    }

    /** No session limit, 65536 MACs, 600 s ageing, system clocks. */
    public static HubSettings defaults() {
        return new HubSettings(0, DEFAULT_MAC_TABLE_CAPACITY, DEFAULT_MAC_AGEING, System::nanoTime,
                InstantSource.system());
    }

    public HubSettings withMaxSessions(int limit) {
        return new HubSettings(limit, macTableCapacity, macAgeing, nanoClock, wallClock);
    }

    public HubSettings withMacTable(int capacity, Duration ageing) {
        return new HubSettings(maxSessions, capacity, ageing, nanoClock, wallClock);
    }

    public HubSettings withClocks(LongSupplier nanos, InstantSource wall) {
        return new HubSettings(maxSessions, macTableCapacity, macAgeing, nanos, wall);
    }
}
