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

    /**
     * Push mode, instead of {@link #read(ByteBuffer)}: the adapter's own reader thread delivers the
     * frames in batches (all frames that were ready at one wake-up). At most one receiver per adapter;
     * {@link #read(ByteBuffer)} must not be used afterwards. Delivery stops when the adapter closes.
     *
     * @throws UnsupportedOperationException if the adapter only supports {@link #read(ByteBuffer)}
     * @throws IllegalStateException if a receiver was already started or the adapter is closed
     */
    default void startReceiving(FrameReceiver receiver) {
        throw new UnsupportedOperationException(getClass().getName() + " supports read() only");
    }

    /** Gets batches of received frames on the adapter's reader thread. */
    @FunctionalInterface
    @ConsumerType
    interface FrameReceiver {
        /**
         * {@code frames[0..count)} each hold one frame between position and limit. The buffers belong
         * to the adapter and are reused: they are valid only during this call (copy what you keep).
         * Must not block for long: the adapter reads nothing while this runs.
         */
        void frames(ByteBuffer[] frames, int count);
    }
}
