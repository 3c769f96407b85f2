package org.ethervpn.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When a lost or failed session is tried again (the seed's "reconnect" options): every
 * {@code interval} (at least 5 s, default 15 s), at most {@code attempts} times in a row (0 = never,
 * {@link #UNLIMITED} = forever, the default). Cascades use {@link #CASCADE}: 10 s, unlimited.
 */
public record ReconnectPolicy(Duration interval, int attempts) {
    public static final int UNLIMITED = -1;
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofSeconds(15), UNLIMITED);
    public static final ReconnectPolicy CASCADE = new ReconnectPolicy(Duration.ofSeconds(10), UNLIMITED);

    public ReconnectPolicy {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the reconnect interval must be at least 5 s, not " + interval.toSeconds() + " s");
        }
        if (attempts < UNLIMITED) {
            throw new IllegalArgumentException("reconnect attempts must be 0 or more, or unlimited");
        }
    }

    /** Whether attempt number {@code n} (1 = the first retry) may run. */
    public boolean allows(int n) {
        return attempts == UNLIMITED || n <= attempts;
    }
}
