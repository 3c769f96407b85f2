package org.ethervpn.protocol;

import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

/**
 * A group of Ethernet frames, each a {@link ByteBuf} whose readable bytes are one frame (destination
 * MAC first). Owns its frames: releasing the block releases every frame not {@linkplain #detach(int)
 * detached}.
 *
 * <p>Written to a {@link TunnelEncoder}, a block's frames are sent in one batch. Emitted by a
 * {@link TunnelDecoder}, a block holds the frames that became complete in one read, which is not
 * necessarily one batch of the wire: batches carry no meaning to a receiver, and handing frames over
 * as soon as they are complete keeps buffering to one frame. An empty block means the read completed
 * only units without deliverable frames (an empty batch, or frames that were dropped); it still shows
 * that the peer is alive.
 */
public final class TunnelBlock extends AbstractReferenceCounted {
    private static final ByteBuf[] NONE = new ByteBuf[0];

    private final ByteBuf[] frames;

    private TunnelBlock(ByteBuf[] frames) {
        this.frames = frames;
    }

    /** A block of {@code frames}; takes ownership of them. */
    public static TunnelBlock of(ByteBuf... frames) {
        ByteBuf[] copy = frames.clone();
        for (ByteBuf frame : copy) {
            Objects.requireNonNull(frame, "frame");
        }
        return new TunnelBlock(copy);
    }

    /** A block of {@code frames}; takes ownership of them. */
    public static TunnelBlock of(List<ByteBuf> frames) {
        return of(frames.toArray(NONE));
    }

    /** A block without frames. */
    public static TunnelBlock empty() {
        return new TunnelBlock(NONE);
    }

    /** Wraps {@code frames} without copying; the array becomes the block's. */
    static TunnelBlock wrap(ByteBuf[] frames) {
        return new TunnelBlock(frames);
    }

    /** Number of frame slots, detached ones included. */
    public int count() {
        return frames.length;
    }

    public boolean isEmpty() {
        return frames.length == 0;
    }

    /** The frame at {@code index}, still owned by this block; {@code null} once detached. */
    public ByteBuf frame(int index) {
        return frames[index];
    }

    /**
     * Takes the frame at {@code index} out of this block: the caller owns it and must release it; the
     * block will not. Lets a consumer pass frames on without retaining and releasing each.
     */
    public ByteBuf detach(int index) {
        ByteBuf frame = frames[index];
        frames[index] = null;
        return frame;
    }

    /** Total readable bytes of the frames still attached. */
    public int totalBytes() {
        int sum = 0;
        for (ByteBuf frame : frames) {
            if (frame != null) {
                sum += frame.readableBytes();
            }
        }
        return sum;
    }

    @Override
    public TunnelBlock retain() {
        super.retain();
        return this;
    }

    @Override
    public TunnelBlock retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public TunnelBlock touch() {
        super.touch();
        return this;
    }

    @Override
    public TunnelBlock touch(Object hint) {
        for (ByteBuf frame : frames) {
            if (frame != null) {
                frame.touch(hint);
            }
        }
        return this;
    }

    @Override
    protected void deallocate() {
        for (int i = 0; i < frames.length; i++) {
            ByteBuf frame = frames[i];
            if (frame != null) {
                frames[i] = null;
                frame.release();
            }
        }
    }

    @Override
    public String toString() {
        return "TunnelBlock(" + frames.length + " frames, " + totalBytes() + " bytes)";
    }
}
