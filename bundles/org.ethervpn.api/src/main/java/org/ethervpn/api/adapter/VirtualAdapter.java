package org.ethervpn.api.adapter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

import io.netty.buffer.ByteBuf;

/**
 * One virtual Ethernet adapter: whole frames in, whole frames out.
 *
 * <p>Offloads (since 1.3): an adapter that supports them can, once {@linkplain #setOffloads switched on}, deliver
 * <em>super-frames</em>: one TCP super-segment of up to 64 KiB that the kernel would otherwise have cut into MTU-sized
 * frames. A delivered frame longer than {@link #SUPER_FRAME_THRESHOLD} is such a super-frame, and the
 * {@link #VNET_HEADER_LENGTH} bytes right before its position hold its {@code struct virtio_net_hdr} (little-endian:
 * flags, gso_type, hdr_len, gso_size, csum_start, csum_offset), which says how to cut it and where its TCP checksum
 * goes. Frames up to the threshold are always plain, with complete checksums.
 */
@ConsumerType
public interface VirtualAdapter extends Closeable {
    /** Bytes of the virtio-net header in front of a super-frame. @since 1.3 */
    int VNET_HEADER_LENGTH = 10;
    /** A frame longer than this (SoftEther's largest tunnel frame) is a super-frame. @since 1.3 */
    int SUPER_FRAME_THRESHOLD = 1600;

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

    /**
     * Switches offloads on or off: while on, the adapter may deliver super-frames (see the class comment) and
     * {@link #writeSuperFrame} is available. Frames already queued in the kernel are still delivered as before.
     *
     * @return whether offloads are on now (false: the adapter does not support them; nothing changed)
     * @throws IOException if the system refused
     * @since 1.3
     */
    default boolean setOffloads(boolean on) throws IOException {
        return false;
    }

    /**
     * Writes one super-frame: {@code headerAndFrame} holds its {@link #VNET_HEADER_LENGTH}-byte header followed by
     * the frame (as a super-frame was delivered: header, then frame).
     *
     * @throws UnsupportedOperationException if the adapter does not support offloads
     * @since 1.3
     */
    default void writeSuperFrame(ByteBuffer headerAndFrame) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not take super-frames");
    }

    /**
     * Writes the readable bytes of {@code frame}: a plain frame, or one longer than {@link #SUPER_FRAME_THRESHOLD} as
     * a super-frame whose header is the {@link #VNET_HEADER_LENGTH} bytes before its reader index (as
     * {@link #writeSuperFrame} takes it). The caller keeps ownership. An adapter that can write from native memory
     * overrides this to do so without a {@code ByteBuffer} view per frame; by default it takes the view.
     *
     * @since 1.5
     */
    default void writeFrame(ByteBuf frame) throws IOException {
        int len = frame.readableBytes();
        if (len > SUPER_FRAME_THRESHOLD) {
            writeSuperFrame(frame.nioBuffer(frame.readerIndex() - VNET_HEADER_LENGTH, VNET_HEADER_LENGTH + len));
        } else {
            write(frame.nioBuffer());
        }
    }

    /**
     * Polled receiving (since 1.4), for a caller that already waits in a poller of its own (an event loop's epoll),
     * so a frame reaches it without waking a second thread: the descriptor that turns readable when frames wait, or
     * -1 when the adapter has none. Used together with {@link #pollExternally} and {@link #readReady}. The adapter
     * keeps owning it: never read, write or close it; stop watching it before {@link #close()}.
     *
     * @since 1.4
     */
    default int pollDescriptor() {
        return -1;
    }

    /**
     * While on, the push-mode reader thread ({@link #startReceiving}) leaves the descriptor alone and the caller's
     * poller calls {@link #readReady} whenever {@link #pollDescriptor()} is readable; off hands reading back to the
     * thread. Only after {@link #startReceiving}.
     *
     * @return whether the caller polls now (false: the adapter cannot be polled from outside; nothing changed)
     * @since 1.4
     */
    default boolean pollExternally(boolean on) {
        return false;
    }

    /**
     * Reads the frames that are ready, without blocking (at most one batch), and delivers them to the receiver of
     * {@link #startReceiving} on the calling thread, in order with any batch the reader thread delivers.
     *
     * @return frames delivered (0: none were ready), or -1 if the adapter is closed
     * @throws UnsupportedOperationException if the adapter cannot be polled from outside
     * @since 1.4
     */
    default int readReady() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be polled from outside");
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
