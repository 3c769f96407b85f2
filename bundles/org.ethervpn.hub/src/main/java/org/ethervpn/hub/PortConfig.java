package org.ethervpn.hub;

import java.util.Objects;

/**
 * How a port joins a hub.
 *
 * @param name        shown in the MAC table and port lists (for a session, its session name)
 * @param kind        what is behind the port
 * @param queueFrames capacity of the output queue in frames, at least 1
 * @param queueBytes  capacity of the output queue in bytes, at least {@link #MIN_QUEUE_BYTES}
 * @param maxMacs     most MAC addresses the hub learns for this port, 0 for no limit; frames from a
 *                    further source MAC are dropped (SoftEther's MaxMac policy; NoBridge maps to 1)
 */
public record PortConfig(String name, PortKind kind, int queueFrames, int queueBytes, int maxMacs) {
    /** Default output queue: 1024 frames, about what a SoftEther session buffers. */
    public static final int DEFAULT_QUEUE_FRAMES = 1024;
    /** Default output queue: 2 MiB, above 1024 full-size frames so the frame bound usually rules. */
    public static final int DEFAULT_QUEUE_BYTES = 2 * 1024 * 1024;
    /** A queue must hold at least one maximal tunnel frame (1600 bytes, see TunnelLimits). */
    public static final int MIN_QUEUE_BYTES = 1600;

    public PortConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (queueFrames < 1) {
            throw new IllegalArgumentException("queueFrames must be >= 1: " + queueFrames);
        }
        if (queueBytes < MIN_QUEUE_BYTES) {
            throw new IllegalArgumentException("queueBytes must be >= " + MIN_QUEUE_BYTES + ": " + queueBytes);
        }
        if (maxMacs < 0) {
            throw new IllegalArgumentException("maxMacs must be >= 0: " + maxMacs);
        }
    }

    /** A client session with default queue sizes and no MAC limit. */
    public static PortConfig session(String name) {
        return of(name, PortKind.SESSION);
    }

    /** A cascade link with default queue sizes. */
    public static PortConfig cascade(String name) {
        return of(name, PortKind.CASCADE);
    }

    /** A local bridge with default queue sizes. */
    public static PortConfig localBridge(String name) {
        return of(name, PortKind.LOCAL_BRIDGE);
    }

    /** SecureNAT's virtual host with default queue sizes. */
    public static PortConfig secureNat(String name) {
        return of(name, PortKind.SECURE_NAT);
    }

    private static PortConfig of(String name, PortKind kind) {
        return new PortConfig(name, kind, DEFAULT_QUEUE_FRAMES, DEFAULT_QUEUE_BYTES, 0);
    }

    public PortConfig withQueue(int frames, int bytes) {
        return new PortConfig(name, kind, frames, bytes, maxMacs);
    }

    public PortConfig withMaxMacs(int limit) {
        return new PortConfig(name, kind, queueFrames, queueBytes, limit);
    }
}
