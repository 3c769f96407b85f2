package org.ethervpn.traffic;

import org.osgi.annotation.versioning.ConsumerType;

/** What a measurement or a server reports while it runs; called from I/O threads, must not block. */
@ConsumerType
public interface TrafficListener {
    /** A line for the user, as SoftEther's tool prints it (connections made, start, end). */
    default void message(String line) {
    }

    /** About once a second while data moves: the stream bytes so far. */
    default void progress(TrafficSample sample) {
    }
}
