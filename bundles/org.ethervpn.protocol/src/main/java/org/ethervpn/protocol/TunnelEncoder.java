package org.ethervpn.protocol;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.ethervpn.api.compress.BlockCompressor;
import org.ethervpn.api.compress.CompressionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;

/**
 * Writes the tunnel stream. Accepts:
 * <ul>
 * <li>{@link ByteBuf}: one Ethernet frame (its readable bytes);</li>
 * <li>{@link TunnelBlock}: several frames;</li>
 * <li>{@link TunnelKeepAlive}: a keep-alive, its padding filled with random bytes.</li>
 * </ul>
 * Anything else passes through unchanged.
 *
 * <p>Frames are batched the way SoftEther batches its send queue: everything written before a
 * {@code flush} goes out as one batch ({@code u32 N} then {@code N x (u32 L, L bytes)}), cut into
 * batches of at most {@code batchFrames} frames. Each batch is one pooled buffer from the channel's
 * allocator of exactly the needed size (or the compression bound), into which frames are copied or
 * compressed directly; the input frames are released at once. One buffer per batch is cheaper than
 * a composite of small header and frame buffers, and the TLS layer copies anyway.
 *
 * <p>A keep-alive or a pass-through message first writes out the pending batch, so the stream order
 * follows the write order. A frame longer than {@link TunnelLimits#maxFrameSize()} fails its promise
 * (inside a {@link TunnelBlock} it is dropped; the block's promise follows its last frame).
 * With a {@link BlockCompressor}, every frame is compressed on its own (the session's
 * {@code use_compress}); keep-alives never are.
 *
 * <p>Owns the compressor: it is closed when the handler is removed. Holds state: one per connection.
 */
public final class TunnelEncoder extends ChannelOutboundHandlerAdapter {
    /** SoftEther sends up to this many frames per loop. */
    public static final int DEFAULT_BATCH_FRAMES = 128;
    /** A batch is cut once it holds this many bytes: with super-frames, 128 frames could be 8 MiB in one buffer. */
    static final int MAX_BATCH_BYTES = 256 * 1024;

    private final TunnelLimits limits;
    private final int batchFrames;
    private final BlockCompressor compressor;
    private final RandomGenerator random;

    private final ByteBuf[] pending;
    private final ChannelPromise[] promises;
    private int pendingCount;
    private int pendingBytes;
    /** Super-frames among the pending frames. */
    private int superFrames;

    /** SoftEther's limits and batch size, no compression, padding from {@link ThreadLocalRandom}. */
    public TunnelEncoder() {
        this(TunnelLimits.DEFAULT, DEFAULT_BATCH_FRAMES, null, null);
    }

    /**
     * @param limits frame size limit to enforce
     * @param batchFrames most frames per batch
     * @param compressor compresses every frame when the session uses compression; {@code null} if not
     * @param random source of keep-alive padding; {@code null} for {@link ThreadLocalRandom}
     */
    public TunnelEncoder(TunnelLimits limits, int batchFrames, BlockCompressor compressor, RandomGenerator random) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        if (batchFrames <= 0) {
            throw new IllegalArgumentException("batchFrames must be positive: " + batchFrames);
        }
        if (limits.superFrames() && compressor != null) {
            throw new IllegalArgumentException("super-frames are never compressed");
        }
        this.limits = limits;
        this.batchFrames = batchFrames;
        this.compressor = compressor;
        this.random = random;
        this.pending = new ByteBuf[batchFrames];
        this.promises = new ChannelPromise[batchFrames];
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        switch (msg) {
            case ByteBuf frame -> addFrame(ctx, frame, promise);
            case TunnelBlock block -> addBlock(ctx, block, promise);
            case TunnelKeepAlive keepAlive -> {
                writeBatch(ctx);
                ByteBuf out = ctx.alloc().ioBuffer(keepAlive.wireLength());
                keepAlive.writeTo(out, random != null ? random : ThreadLocalRandom.current());
                ctx.write(out, promise);
            }
            default -> {
                writeBatch(ctx);
                ctx.write(msg, promise);
            }
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        discardPending(new ClosedChannelException());
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardPending(new ClosedChannelException());
        if (compressor != null) {
            compressor.close();
        }
    }

    private void addBlock(ChannelHandlerContext ctx, TunnelBlock block, ChannelPromise promise) {
        try {
            int last = -1;
            for (int i = 0; i < block.count(); i++) {
                if (block.frame(i) != null) {
                    last = i;
                }
            }
            if (last < 0) {
                promise.trySuccess();
                return;
            }
            for (int i = 0; i <= last; i++) {
                ByteBuf frame = block.detach(i);
                if (frame != null) {
                    // the block's promise completes with its last frame's batch
                    addFrame(ctx, frame, i == last ? promise : null);
                }
            }
        } finally {
            block.release();
        }
    }

    private void addFrame(ChannelHandlerContext ctx, ByteBuf frame, ChannelPromise promise) {
        int length = frame.readableBytes();
        boolean superFrame = length > TunnelLimits.MAX_FRAME_SIZE;
        if (length > limits.maxFrameSize() || superFrame
                && !SuperFrames.validHeader(frame, frame.readerIndex() - TunnelLimits.VNET_HEADER, length)) {
            frame.release();
            if (promise != null) {
                promise.tryFailure(new EncoderException(
                        "frame of " + length + " bytes exceeds " + limits.maxFrameSize()
                                + (superFrame && limits.superFrames() ? " or is a super-frame without a valid header" : "")));
            }
            return;
        }
        if (length == 0) {
            // legal on the wire but carries nothing
            frame.release();
            if (promise != null) {
                promise.trySuccess();
            }
            return;
        }
        pending[pendingCount] = frame;
        promises[pendingCount] = promise == null || promise.isVoid() ? null : promise;
        pendingCount++;
        pendingBytes += superFrame ? length + TunnelLimits.VNET_HEADER : length;
        superFrames += superFrame ? 1 : 0;
        if (pendingCount == batchFrames || pendingBytes >= MAX_BATCH_BYTES) {
            writeBatch(ctx);
        }
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        int count = pendingCount;
        if (count == 0) {
            return;
        }
        ByteBuf out;
        if (compressor == null && superFrames > 0) {
            out = superFrameBatch(ctx, count);
        } else if (compressor == null) {
            out = ctx.alloc().ioBuffer(4 + 4 * count + pendingBytes);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                ByteBuf frame = pending[i];
                out.writeInt(frame.readableBytes());
                out.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
            }
        } else {
            out = compressBatch(ctx, count);
            if (out == null) {
                return;
            }
        }
        ChannelPromise promise = batchPromise(ctx, count);
        releasePending(count);
        ctx.write(out, promise);
    }

    /**
     * A batch with super-frames: the counts, lengths and small frames are copied into one buffer as usual, each
     * super-frame (its header in front) joins as a slice, not a copy: TLS reads the pieces as they are, and without
     * encryption the socket writes them with one writev(2).
     */
    private ByteBuf superFrameBatch(ChannelHandlerContext ctx, int count) {
        int small = 4;
        for (int i = 0; i < count; i++) {
            int length = pending[i].readableBytes();
            small += 4 + (length > TunnelLimits.MAX_FRAME_SIZE ? 0 : length);
        }
        CompositeByteBuf out = ctx.alloc().compositeDirectBuffer(2 * superFrames + 1);
        ByteBuf head = ctx.alloc().ioBuffer(small, small);
        try {
            head.writeInt(count);
            int start = 0;
            for (int i = 0; i < count; i++) {
                ByteBuf frame = pending[i];
                int length = frame.readableBytes();
                if (length > TunnelLimits.MAX_FRAME_SIZE) {
                    head.writeInt(length + TunnelLimits.VNET_HEADER);
                    out.addComponent(true, head.retainedSlice(start, head.writerIndex() - start));
                    start = head.writerIndex();
                    out.addComponent(true, frame.retainedSlice(frame.readerIndex() - TunnelLimits.VNET_HEADER,
                            length + TunnelLimits.VNET_HEADER));
                } else {
                    head.writeInt(length);
                    head.writeBytes(frame, frame.readerIndex(), length);
                }
            }
            if (head.writerIndex() > start) {
                out.addComponent(true, head.retainedSlice(start, head.writerIndex() - start));
            }
            return out;
        } finally {
            head.release(); // the slices keep what they need
        }
    }

    private ByteBuf compressBatch(ChannelHandlerContext ctx, int count) {
        int capacity = 4;
        for (int i = 0; i < count; i++) {
            capacity += 4 + compressor.maxCompressedLength(pending[i].readableBytes());
        }
        ByteBuf out = ctx.alloc().ioBuffer(capacity, capacity);
        try {
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                ByteBuf frame = pending[i];
                int lengthIndex = out.writerIndex();
                int dataIndex = lengthIndex + 4;
                ByteBuffer src = frame.nioBufferCount() == 1
                        ? frame.internalNioBuffer(frame.readerIndex(), frame.readableBytes())
                        : frame.nioBuffer();
                int n = compressor.compress(src, out.internalNioBuffer(dataIndex, capacity - dataIndex));
                out.setInt(lengthIndex, n);
                out.writerIndex(dataIndex + n);
            }
            return out;
        } catch (CompressionException | RuntimeException e) {
            out.release();
            discardPending(new EncoderException("cannot compress a frame: " + e.getMessage(), e));
            return null;
        }
    }

    /** One promise for the batch that completes the frames' promises. */
    private ChannelPromise batchPromise(ChannelHandlerContext ctx, int count) {
        ChannelPromise single = null;
        int waiting = 0;
        for (int i = 0; i < count; i++) {
            if (promises[i] != null) {
                single = promises[i];
                waiting++;
            }
        }
        if (waiting == 0) {
            return ctx.voidPromise();
        }
        if (waiting == 1) {
            return single;
        }
        ChannelPromise[] targets = new ChannelPromise[waiting];
        for (int i = 0, j = 0; i < count; i++) {
            if (promises[i] != null) {
                targets[j++] = promises[i];
            }
        }
        ChannelPromise batch = ctx.newPromise();
        batch.addListener(f -> {
            for (ChannelPromise p : targets) {
                if (f.isSuccess()) {
                    p.trySuccess();
                } else {
                    p.tryFailure(f.cause());
                }
            }
        });
        return batch;
    }

    private void releasePending(int count) {
        for (int i = 0; i < count; i++) {
            pending[i].release();
        }
        Arrays.fill(pending, 0, count, null);
        Arrays.fill(promises, 0, count, null);
        pendingCount = 0;
        pendingBytes = 0;
        superFrames = 0;
    }

    private void discardPending(Throwable cause) {
        int count = pendingCount;
        for (int i = 0; i < count; i++) {
            if (promises[i] != null) {
                promises[i].tryFailure(cause);
            }
        }
        releasePending(count);
    }
}
