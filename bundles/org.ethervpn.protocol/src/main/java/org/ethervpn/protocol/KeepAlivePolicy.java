package org.ethervpn.protocol;

import java.util.random.RandomGenerator;

/**
 * Keep-alive timing and the session timeout.
 *
 * <ul>
 * <li>The session timeout ({@code timeout} in the welcome, milliseconds) is the policy's TimeOut in
 * seconds times 1000, 20 s when 0, clamped to 5..60 s.</li>
 * <li>A peer sends a keep-alive on each connection it may send on as soon as the connection enters
 * tunnel mode, and then whenever the next deadline has passed; after every keep-alive and every data
 * batch the deadline is re-drawn as {@code max(random % (timeout/2), timeout/5)} ms, i.e. 4..10 s
 * with 20 s.</li>
 * <li>A connection on which nothing complete (batch or keep-alive) has arrived for {@code timeout} ms
 * is closed.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class KeepAlivePolicy {
    /** Default session timeout (policy TimeOut 20 s). */
    public static final int DEFAULT_TIMEOUT_MILLIS = 20_000;
    public static final int MIN_TIMEOUT_MILLIS = 5_000;
    public static final int MAX_TIMEOUT_MILLIS = 60_000;

    /** SoftEther's policy. */
    public static final KeepAlivePolicy DEFAULT = new KeepAlivePolicy(DEFAULT_TIMEOUT_MILLIS);

    private final int timeoutMillis;

    /** @param timeoutMillis the session timeout; must be at least 10 ms so that the interval is defined */
    public KeepAlivePolicy(int timeoutMillis) {
        if (timeoutMillis < 10) {
            throw new IllegalArgumentException("timeout must be at least 10 ms: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    /** A policy for the timeout a server grants for the hub policy's TimeOut (seconds). */
    public static KeepAlivePolicy forPolicySeconds(int policyTimeOutSeconds) {
        return new KeepAlivePolicy(timeoutMillisForPolicy(policyTimeOutSeconds));
    }

    /** Server side: the welcome's {@code timeout} for the policy's TimeOut in seconds (0 = default). */
    public static int timeoutMillisForPolicy(int policyTimeOutSeconds) {
        long millis = policyTimeOutSeconds == 0 ? DEFAULT_TIMEOUT_MILLIS : policyTimeOutSeconds * 1000L;
        return clampTimeoutMillis(millis);
    }

    /** Clamps a timeout to 5..60 s (negative values count as 0, i.e. the minimum). */
    public static int clampTimeoutMillis(long millis) {
        return Math.clamp(millis, MIN_TIMEOUT_MILLIS, MAX_TIMEOUT_MILLIS);
    }

    /** Keep-alive padding length as SoftEther draws it: {@code random % 512}, i.e. 0..511. */
    public static int paddingLength(RandomGenerator random) {
        return random.nextInt(TunnelLimits.MAX_KEEPALIVE_SIZE);
    }

    public int timeoutMillis() {
        return timeoutMillis;
    }

    /** A connection that received nothing complete for this long is closed. */
    public long receiveTimeoutMillis() {
        return timeoutMillis;
    }

    /** Shortest keep-alive interval: {@code timeout/5}. */
    public long minIntervalMillis() {
        return timeoutMillis / 5;
    }

    /** Longest keep-alive interval: {@code timeout/2 - 1} (the random draw is exclusive). */
    public long maxIntervalMillis() {
        return Math.max(timeoutMillis / 2 - 1, minIntervalMillis());
    }

    /** Time until the next keep-alive, drawn after a keep-alive or a data batch was sent. */
    public long nextIntervalMillis(RandomGenerator random) {
        return Math.max(random.nextInt(timeoutMillis / 2), timeoutMillis / 5);
    }

    /** The deadline of the next keep-alive, {@code now} plus a fresh interval. */
    public long nextDeadline(long nowMillis, RandomGenerator random) {
        return nowMillis + nextIntervalMillis(random);
    }

    /** Whether a connection whose last complete unit arrived at {@code lastReceiveMillis} has timed out. */
    public boolean receiveTimedOut(long lastReceiveMillis, long nowMillis) {
        return nowMillis - lastReceiveMillis >= timeoutMillis;
    }

    @Override
    public String toString() {
        return "KeepAlivePolicy(timeout " + timeoutMillis + " ms)";
    }
}
