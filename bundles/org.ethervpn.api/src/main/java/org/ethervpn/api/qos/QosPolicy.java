package org.ethervpn.api.qos;

import java.nio.ByteBuffer;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which Ethernet frames jump the queue. Called once per frame on the data path: it must not
 * allocate, block or keep a reference to the buffer.
 */
@ConsumerType
public interface QosPolicy extends Plugin {
    /**
     * Classifies the Ethernet frame between {@code frame.position()} and {@code frame.limit()}
     * (destination MAC first). Must not change the buffer's position or limit.
     */
    Priority classify(ByteBuffer frame);
}
