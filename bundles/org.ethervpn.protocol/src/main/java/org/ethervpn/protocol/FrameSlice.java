package org.ethervpn.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

import io.netty.buffer.AbstractReferenceCountedByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.Recycler;

/**
 * One frame of a decoded read: a fixed-size window on the bytes of its parent buffer, which it holds one reference
 * of, with its own reference count. Recycled once released, so the decoder hands out frames without allocating an
 * object per frame ({@code retainedSlice} of Netty's adaptive buffers allocates one, and Netty's own recycled slices
 * are only for its older pooled buffers). Reads and writes go to the parent at {@code index + offset}; the window
 * cannot grow.
 */
final class FrameSlice extends AbstractReferenceCountedByteBuf {
    // unguarded: a frame is handed back once, by its own deallocate, so the handle needs no double-recycle check
    private static final Recycler<FrameSlice> POOL = new Recycler<>(true) {
        @Override
        protected FrameSlice newObject(Handle<FrameSlice> handle) {
            return new FrameSlice(handle);
        }
    };

    private final Recycler.Handle<FrameSlice> handle;
    private ByteBuf parent;
    private int offset;
    private int length;

    private FrameSlice(Recycler.Handle<FrameSlice> handle) {
        super(0);
        this.handle = handle;
    }

    /** A window on {@code length} bytes of {@code parent} from {@code index}; retains the parent once. */
    static FrameSlice of(ByteBuf parent, int index, int length) {
        if (index < 0 || length < 0 || index > parent.capacity() - length) {
            throw new IndexOutOfBoundsException("frame " + index + "+" + length + " outside " + parent.capacity());
        }
        FrameSlice frame = POOL.get();
        frame.resetRefCnt();
        frame.parent = parent.retain();
        frame.offset = index;
        frame.length = length;
        frame.maxCapacity(length);
        frame.setIndex(0, 0);
        frame.markReaderIndex();
        frame.markWriterIndex();
        frame.writerIndex(length);
        return frame;
    }

    @Override
    protected void deallocate() {
        ByteBuf p = parent;
        parent = null;
        handle.recycle(this);
        p.release();
    }

    private int idx(int index) {
        return index + offset;
    }

    @Override
    public int capacity() {
        return length;
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new UnsupportedOperationException("a frame's size is fixed");
    }

    @Override
    public ByteBufAllocator alloc() {
        return parent.alloc();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ByteOrder order() {
        return parent.order();
    }

    @Override
    public ByteBuf unwrap() {
        return parent;
    }

    @Override
    public boolean isDirect() {
        return parent.isDirect();
    }

    @Override
    public boolean isReadOnly() {
        return parent.isReadOnly();
    }

    @Override
    public boolean isContiguous() {
        return parent.isContiguous();
    }

    @Override
    public boolean hasArray() {
        return parent.hasArray();
    }

    @Override
    public byte[] array() {
        return parent.array();
    }

    @Override
    public int arrayOffset() {
        return parent.arrayOffset() + offset;
    }

    @Override
    public boolean hasMemoryAddress() {
        return parent.hasMemoryAddress();
    }

    @Override
    public long memoryAddress() {
        return parent.memoryAddress() + offset;
    }

    @Override
    protected byte _getByte(int index) {
        return parent.getByte(idx(index));
    }

    @Override
    protected short _getShort(int index) {
        return parent.getShort(idx(index));
    }

    @Override
    protected short _getShortLE(int index) {
        return parent.getShortLE(idx(index));
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return parent.getUnsignedMedium(idx(index));
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return parent.getUnsignedMediumLE(idx(index));
    }

    @Override
    protected int _getInt(int index) {
        return parent.getInt(idx(index));
    }

    @Override
    protected int _getIntLE(int index) {
        return parent.getIntLE(idx(index));
    }

    @Override
    protected long _getLong(int index) {
        return parent.getLong(idx(index));
    }

    @Override
    protected long _getLongLE(int index) {
        return parent.getLongLE(idx(index));
    }

    @Override
    protected void _setByte(int index, int value) {
        parent.setByte(idx(index), value);
    }

    @Override
    protected void _setShort(int index, int value) {
        parent.setShort(idx(index), value);
    }

    @Override
    protected void _setShortLE(int index, int value) {
        parent.setShortLE(idx(index), value);
    }

    @Override
    protected void _setMedium(int index, int value) {
        parent.setMedium(idx(index), value);
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        parent.setMediumLE(idx(index), value);
    }

    @Override
    protected void _setInt(int index, int value) {
        parent.setInt(idx(index), value);
    }

    @Override
    protected void _setIntLE(int index, int value) {
        parent.setIntLE(idx(index), value);
    }

    @Override
    protected void _setLong(int index, long value) {
        parent.setLong(idx(index), value);
    }

    @Override
    protected void _setLongLE(int index, long value) {
        parent.setLongLE(idx(index), value);
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int len) {
        checkIndex(index, len);
        parent.getBytes(idx(index), dst, dstIndex, len);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int len) {
        checkIndex(index, len);
        parent.getBytes(idx(index), dst, dstIndex, len);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        checkIndex(index, dst.remaining());
        parent.getBytes(idx(index), dst);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int len) throws IOException {
        checkIndex(index, len);
        parent.getBytes(idx(index), out, len);
        return this;
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int len) throws IOException {
        checkIndex(index, len);
        return parent.getBytes(idx(index), out, len);
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int len) throws IOException {
        checkIndex(index, len);
        return parent.getBytes(idx(index), out, position, len);
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int len) {
        checkIndex(index, len);
        parent.setBytes(idx(index), src, srcIndex, len);
        return this;
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int len) {
        checkIndex(index, len);
        parent.setBytes(idx(index), src, srcIndex, len);
        return this;
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        checkIndex(index, src.remaining());
        parent.setBytes(idx(index), src);
        return this;
    }

    @Override
    public int setBytes(int index, InputStream in, int len) throws IOException {
        checkIndex(index, len);
        return parent.setBytes(idx(index), in, len);
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int len) throws IOException {
        checkIndex(index, len);
        return parent.setBytes(idx(index), in, len);
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int len) throws IOException {
        checkIndex(index, len);
        return parent.setBytes(idx(index), in, position, len);
    }

    @Override
    public ByteBuf copy(int index, int len) {
        checkIndex(index, len);
        return parent.copy(idx(index), len);
    }

    @Override
    public int nioBufferCount() {
        return parent.nioBufferCount();
    }

    @Override
    public ByteBuffer nioBuffer(int index, int len) {
        checkIndex(index, len);
        return parent.nioBuffer(idx(index), len);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int len) {
        checkIndex(index, len);
        return parent.nioBuffers(idx(index), len);
    }

    /** A view of its own, as Netty's slices give: the parent's internal buffer is shared by every frame of a read. */
    @Override
    public ByteBuffer internalNioBuffer(int index, int len) {
        return nioBuffer(index, len);
    }
}
