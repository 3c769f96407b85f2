package org.ethervpn.hub;

/**
 * A snapshot of a port for administration.
 *
 * @param id           unique within the hub, never reused
 * @param name         the port's name
 * @param kind         what is behind it
 * @param macCount     MAC addresses currently learned on it
 * @param queuedFrames frames waiting in its output queue
 * @param counters     its traffic
 */
public record PortStatus(long id, String name, PortKind kind, int macCount, int queuedFrames,
        PortCounters counters) {
}
