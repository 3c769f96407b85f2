package org.ethervpn.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.Recycler;

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
    /** A recycled block keeps its array up to this many slots; a larger one (a read of many small frames) goes. */
    private static final int KEPT_SLOTS = 64;
    /** Blocks live from a decoder's read to the handler that takes their frames: a few per thread are enough. */
    private static final Recycler<TunnelBlock> POOL = new Recycler<>(32, 256, true) {
        @Override
        protected TunnelBlock newObject(Handle<TunnelBlock> handle) {
            return new TunnelBlock(new ByteBuf[16], 0, handle);
        }
    };

    private ByteBuf[] frames;
    private int count;
    /** Set on blocks a decoder filled, which go back to the pool when released; {@code null} on the others. */
    private final Recycler.Handle<TunnelBlock> handle;

    private TunnelBlock(ByteBuf[] frames, int count, Recycler.Handle<TunnelBlock> handle) {
        this.frames = frames;
        this.count = count;
        this.handle = handle;
    }

    private TunnelBlock(ByteBuf[] frames) {
        this(frames, frames.length, null);
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

    /** An empty block from the pool, to be {@linkplain #add(ByteBuf) filled} (a decoder's: no allocation per read). */
    static TunnelBlock pooled() {
        TunnelBlock block = POOL.get();
        block.setRefCnt(1);
        return block;
    }

    /** Appends {@code frame}, taking ownership; only while the block has not been handed on. */
    void add(ByteBuf frame) {
        if (count == frames.length) {
            frames = Arrays.copyOf(frames, count * 2);
        }
        frames[count++] = frame;
    }

    /** Number of frame slots, detached ones included. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The frame at {@code index}, still owned by this block; {@code null} once detached. */
    public ByteBuf frame(int index) {
        Objects.checkIndex(index, count);
        return frames[index];
    }

    /**
     * Takes the frame at {@code index} out of this block: the caller owns it and must release it; the
     * block will not. Lets a consumer pass frames on without retaining and releasing each.
     */
    public ByteBuf detach(int index) {
        Objects.checkIndex(index, count);
        ByteBuf frame = frames[index];
        frames[index] = null;
        return frame;
    }

    /** Total readable bytes of the frames still attached. */
    public int totalBytes() {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            ByteBuf frame = frames[i];
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
        for (int i = 0; i < count; i++) {
            ByteBuf frame = frames[i];
            if (frame != null) {
                frame.touch(hint);
            }
        }
        return this;
    }

    @Override
    protected void deallocate() {
        int n = count;
        for (int i = 0; i < n; i++) {
            ByteBuf frame = frames[i];
            if (frame != null) {
                frames[i] = null;
                frame.release();
            }
        }
        if (handle != null) {
            count = 0;
            if (frames.length > KEPT_SLOTS) {
                frames = new ByteBuf[16];
            }
            handle.recycle(this);
        }
    }

    @Override
    public String toString() {
        return "TunnelBlock(" + count + " frames, " + totalBytes() + " bytes)";
    }
}
