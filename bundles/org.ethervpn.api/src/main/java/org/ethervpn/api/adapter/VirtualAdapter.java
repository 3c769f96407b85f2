package org.ethervpn.api.adapter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/** One virtual Ethernet adapter: whole frames in, whole frames out. */
@ConsumerType
public interface VirtualAdapter extends Closeable {
    String interfaceName();

    /** Largest frame, Ethernet header included, the adapter delivers or accepts. */
    int maxFrameSize();

    /**
     * Reads one frame into {@code dst} (which should have {@link #maxFrameSize()} bytes of room),
     * blocking until one arrives.
     *
     * @return the frame length
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes the frame between {@code frame.position()} and {@code frame.limit()}. */
    void write(ByteBuffer frame) throws IOException;
}
