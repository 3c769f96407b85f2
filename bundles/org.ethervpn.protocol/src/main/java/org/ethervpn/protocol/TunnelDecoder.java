package org.ethervpn.protocol;

import java.nio.ByteBuffer;
import java.util.List;

import org.ethervpn.api.compress.BlockDecompressor;
import org.ethervpn.api.compress.CompressionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Turns the tunnel byte stream (after the welcome or the {@code additional_connect} answer) into
 * {@link TunnelBlock}s and {@link TunnelKeepAlive}s.
 *
 * <pre>
 * unit       := batch | keep-alive
 * batch      := u32 N (N != 0xFFFFFFFF), N x (u32 L, L bytes)
 * keep-alive := u32 0xFFFFFFFF, u32 P, P bytes
 * </pre>
 *
 * <p>Each call emits at most one {@link TunnelBlock} per run of frames, with the frames that are
 * complete in the input: one pipeline event per read instead of one per frame. Uncompressed frames are
 * retained slices of the input (no copy; on Netty's threads slices and blocks are recycled, so a read
 * allocates no objects); with a {@link BlockDecompressor} each frame is one zlib stream inflated into a
 * pooled buffer of at most {@link TunnelLimits#maxFrameSize()} bytes.
 * Keep-alives are emitted in stream order between blocks.
 *
 * <p>Limits: a block length above {@link TunnelLimits#maxBlockSize()}, a keep-alive above
 * {@link TunnelLimits#maxKeepAliveSize()} or a count above {@link TunnelLimits#maxFramesPerBatch()}
 * raises a {@link TunnelProtocolException} as soon as the length field is read, and the decoder
 * discards all later input. A frame that is longer than {@link TunnelLimits#maxFrameSize()} (after
 * decompression) or does not inflate is dropped and counted, as SoftEther does. Nothing is allocated
 * by a length before its bytes have arrived, and at most one incomplete unit stays buffered.
 *
 * <p>Owns the decompressor: it is closed when the handler is removed. Holds state: one per connection.
 */
public final class TunnelDecoder extends ByteToMessageDecoder {
    private final TunnelLimits limits;
    private final BlockDecompressor decompressor;

    /** Frames still to come in the current batch; 0 = at a unit boundary. */
    private long framesLeft;
    /** Bytes from the reader index that the unit being decoded needs in all (0 when none is pending). */
    private int wanted;
    private boolean failed;
    private long droppedFrames;

    /** Frames collected during one decode call, in a pooled block: no allocation per read. */
    private TunnelBlock pending;

    /** SoftEther's limits, no compression. */
    public TunnelDecoder() {
        this(TunnelLimits.DEFAULT, null);
    }

    /**
     * @param limits the limits to enforce
     * @param decompressor inflates every frame when the session uses compression; {@code null} if not
     */
    public TunnelDecoder(TunnelLimits limits, BlockDecompressor decompressor) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        if (limits.superFrames() && decompressor != null) {
            throw new IllegalArgumentException("super-frames are never compressed");
        }
        this.limits = limits;
        this.decompressor = decompressor;
        setCumulator(this::cumulate);
    }

    /** Frames dropped so far: too long, or not inflatable. */
    public long droppedFrames() {
        return droppedFrames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        wanted = 0;
        boolean completedUnit = false;
        boolean emitted = false;
        try {
            for (;;) {
                int readable = in.readableBytes();
                int index = in.readerIndex();
                if (framesLeft == 0) {
                    if (readable < 4) {
                        break;
                    }
                    long head = in.getUnsignedInt(index);
                    if (head == TunnelLimits.KEEP_ALIVE_MARKER) {
                        if (readable < 8) {
                            break;
                        }
                        long padding = in.getUnsignedInt(index + 4);
                        if (padding > limits.maxKeepAliveSize()) {
                            throw fail(in, "keep-alive of " + padding + " bytes exceeds " + limits.maxKeepAliveSize());
                        }
                        if (readable < 8 + padding) {
                            break;
                        }
                        emitted |= flushFrames(out);
                        out.add(TunnelKeepAlive.parse(in, index + 8, (int) padding));
                        emitted = true;
                        in.skipBytes(8 + (int) padding);
                        continue;
                    }
                    if (head > limits.maxFramesPerBatch()) {
                        throw fail(in, "batch of " + head + " frames exceeds " + limits.maxFramesPerBatch());
                    }
                    in.skipBytes(4);
                    framesLeft = head;
                    completedUnit |= head == 0;
                    continue;
                }
                if (readable < 4) {
                    break;
                }
                long length = in.getUnsignedInt(index);
                if (length > limits.maxBlockSize()) {
                    throw fail(in, "block of " + length + " bytes exceeds " + limits.maxBlockSize());
                }
                if (readable < 4 + length) {
                    wanted = 4 + (int) length;
                    break;
                }
                in.skipBytes(4 + (int) length);
                framesLeft--;
                completedUnit = true;
                if (length != 0) {
                    ByteBuf frame = frame(ctx, in, index + 4, (int) length);
                    if (frame != null) {
                        addFrame(frame);
                    }
                }
            }
        } finally {
            // frames collected before a failure are still delivered, and never leak
            emitted |= flushFrames(out);
            if (completedUnit && !emitted) {
                out.add(TunnelBlock.empty());
            }
        }
    }

    /**
     * Appends {@code in} to {@code cumulation}. Unlike Netty's merge cumulator it appends in place while there is room
     * even when frames (retained slices of earlier bytes) share the buffer (bytes behind the writer index are no
     * slice's; this decoder never discards read bytes while it is shared), and when it must move, it takes a buffer
     * large enough for the whole pending block: a 64 KiB super-frame arriving in 16 KiB TLS records is copied once,
     * not regrown record by record.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        try {
            int n = in.readableBytes();
            if (!cumulation.isReadable() && in.isContiguous()) {
                cumulation.release();
                return in.retain();
            }
            if (n <= cumulation.writableBytes() && !cumulation.isReadOnly()) {
                appendTo(cumulation, in, n);
                return cumulation;
            }
            int size = Math.max(cumulation.readableBytes() + n, wanted);
            // the kind of memory the input is in (heap after JDK TLS): no conversion on the way in or out
            ByteBuf next = in.isDirect() ? alloc.directBuffer(size) : alloc.heapBuffer(size);
            next.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
            appendTo(next, in, n);
            cumulation.release();
            return next;
        } finally {
            in.release();
        }
    }

    /**
     * Appends {@code n} readable bytes of {@code in}: through the source's {@code getBytes}, which copies a composite
     * component by component ({@code writeBytes(in)} merges a composite into a fresh heap buffer first).
     */
    private static void appendTo(ByteBuf dst, ByteBuf in, int n) {
        in.getBytes(in.readerIndex(), dst, dst.writerIndex(), n);
        dst.writerIndex(dst.writerIndex() + n);
        in.skipBytes(n);
    }

    private ByteBuf frame(ChannelHandlerContext ctx, ByteBuf in, int index, int length) {
        if (decompressor == null) {
            if (length <= TunnelLimits.MAX_FRAME_SIZE && length <= limits.maxFrameSize()) {
                return FrameSlice.of(in, index, length);
            }
            // a super-frame block: header then frame; the frame's reader index stays behind its header
            int frameLength = length - TunnelLimits.VNET_HEADER;
            if (!limits.superFrames() || frameLength > limits.maxFrameSize()
                    || !SuperFrames.validHeader(in, index, frameLength)) {
                droppedFrames++;
                return null;
            }
            return FrameSlice.of(in, index, length).skipBytes(TunnelLimits.VNET_HEADER);
        }
        int max = limits.maxFrameSize();
        ByteBuf frame = ctx.alloc().buffer(max, max);
        boolean ok = false;
        try {
            ByteBuffer src = in.nioBufferCount() == 1 ? in.internalNioBuffer(index, length) : in.nioBuffer(index, length);
            int n = decompressor.decompress(src, frame.internalNioBuffer(0, max));
            if (n > 0) {
                frame.writerIndex(n);
                ok = true;
                return frame;
            }
            return null;
        } catch (CompressionException e) {
            droppedFrames++;
            return null;
        } finally {
            if (!ok) {
                frame.release();
            }
        }
    }

    private void addFrame(ByteBuf frame) {
        if (pending == null) {
            pending = TunnelBlock.pooled();
        }
        pending.add(frame);
    }

    private boolean flushFrames(List<Object> out) {
        if (pending == null) {
            return false;
        }
        out.add(pending);
        pending = null;
        return true;
    }

    private TunnelProtocolException fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new TunnelProtocolException(message);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (decompressor != null) {
            decompressor.close();
        }
    }
}
