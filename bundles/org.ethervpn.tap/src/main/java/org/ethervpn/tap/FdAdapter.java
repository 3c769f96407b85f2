package org.ethervpn.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.ethervpn.api.adapter.VirtualAdapter;

import io.netty.buffer.ByteBuf;

/**
 * What a TAP device and an AF_PACKET socket share: one non-blocking file descriptor on which read(2)
 * gives one whole Ethernet frame and write(2) sends one.
 *
 * <p>Receiving: either {@link #read(ByteBuffer)} on the caller's thread (poll(2) with a timeout, so
 * {@link #close()} is noticed), or {@link #startReceiving} with one reader thread per adapter that reads
 * until EAGAIN (at most {@link #BATCH} frames) into reused native memory and delivers the batch.
 * Sending: {@link #write(ByteBuffer)} on the caller's thread; if the kernel's queue is full the frame is
 * dropped and counted, as a switch would.
 */
public abstract sealed class FdAdapter implements VirtualAdapter permits TapAdapter, PacketAdapter {
    /** Frames read per poll(2) wake-up at most before the batch is delivered. */
    public static final int BATCH = 128;
    static final int POLL_MILLIS = 200;
    /** Ethernet header plus one VLAN tag on top of the MTU. */
    static final int FRAME_OVERHEAD = 18;
    static final int MIN_FRAME = 14;
    /** Room for a GSO super-frame: IP's 64 KiB, the Ethernet header and a vnet header, rounded up. */
    static final int SUPER_FRAME = 65536 + 64;

    private static final System.Logger LOG = System.getLogger(FdAdapter.class.getName());

    /**
     * A snapshot of the adapter's counters. {@code dropsOut}: queue full or link down on write;
     * {@code dropsIn}: failed reads and frames longer than a slot; {@code tooLongIn}: those longer frames alone.
     */
    public record Counters(long framesIn, long bytesIn, long framesOut, long bytesOut, long dropsIn, long dropsOut,
            long tooLongIn) {
    }

    /** "TAP" or "packet socket", for messages and thread names. */
    private final String kind;
    private final String name;
    private final int fd;
    private final int maxFrameSize;
    private final int slotSize;
    /** Bytes the kernel puts before every frame read and expects before every frame written (0 for TAP). */
    private final int headerLen;
    private final Arena arena = Arena.ofShared();
    /** Read lock around every syscall on fd, write lock to close it: no call ever sees a reused fd number. */
    private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread reader;
    /** Push mode: who gets the frames, and the memory they are read into (set once by startReceiving). */
    private volatile FrameReceiver receiver;
    private Batch batch;
    /** Held while a batch is read and delivered (by the reader thread or an outside poller): one at a time, in order. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** While true an outside poller reads ({@link #readReady}) and the reader thread parks. */
    private volatile boolean external;

    private final ReentrantLock pullLock = new ReentrantLock();
    private final MemorySegment pullBuf;
    private final MemorySegment pullState;
    private final MemorySegment pullPollFd;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final MemorySegment writeBuf;
    private final MemorySegment writeState;
    /** Two iovecs {header, frame} for the writev(2) of every frame written. */
    private final MemorySegment writeIov;

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder dropsIn = new LongAdder();
    private final LongAdder dropsOut = new LongAdder();
    private final LongAdder tooLongIn = new LongAdder();
    private final LongAdder checksumsCompleted = new LongAdder();
    private final LongAdder gsoDropsIn = new LongAdder();
    private final LongAdder gsoSegmented = new LongAdder();
    private final LongAdder badOffloadIn = new LongAdder();
    private final LongAdder superFramesIn = new LongAdder();
    private final LongAdder superFramesOut = new LongAdder();
    private final AtomicBoolean gsoWarned = new AtomicBoolean();
    /** While true (TAP with offloads on), GSO super-frames are delivered whole instead of being segmented. */
    private volatile boolean deliverSuperFrames;
    /** Native room for a heap super-frame to be written (allocated on first use, under writeLock). */
    private MemorySegment superWriteBuf;

    /**
     * Takes ownership of {@code fd}; slots hold {@code headerLen + maxFrameSize} rounded up to 64, at least 2048 bytes.
     * {@code headerLen}: the per-frame header the fd adds on read and wants on write (all zero is written).
     */
    FdAdapter(String kind, String name, int fd, int maxFrameSize, int headerLen) {
        this.kind = kind;
        this.name = name;
        this.fd = fd;
        this.maxFrameSize = maxFrameSize;
        this.headerLen = headerLen;
        this.slotSize = Math.max(2048, (headerLen + maxFrameSize + 63) & ~63);
        this.pullBuf = arena.allocate(slotSize, 64);
        this.pullState = Libc.newCallState(arena);
        this.pullPollFd = newPollFd(arena, fd);
        this.writeBuf = arena.allocate(slotSize, 64); // zeroed: its first headerLen bytes are the header of every write
        this.writeState = Libc.newCallState(arena);
        this.writeIov = arena.allocate(32, 8);
    }

    /**
     * The one look at every frame read, a GSO super-frame or a lone small frame alike, so that a bulk transfer compiles
     * the code an idle tunnel's frames take (releng/bench/README.md, "why the idle ping ..."): {@code buf[0..n)} with
     * the header; {@code segmenting} (the receiver's readv): {@code n} may exceed the slot, the rest being in the
     * super-frame buffer; else a read that filled the slot was truncated. Completes a partial checksum in place.
     *
     * @return {@code GSO} for a super-frame to segment or deliver whole, {@code AS_IS} or {@code CHECKSUM_COMPLETED}
     *         to deliver, else {@code DROPPED} (counted here)
     */
    VnetHdr.Verdict inspect(MemorySegment buf, long n, boolean segmenting) {
        if (n < headerLen) {
            dropsIn.increment();
            return VnetHdr.Verdict.DROPPED;
        }
        VnetHdr.Verdict v = headerLen == 0 ? VnetHdr.Verdict.AS_IS : VnetHdr.apply(buf, Math.min(n, slotSize));
        if (v == VnetHdr.Verdict.GSO) {
            if (segmenting) {
                return v;
            }
            gsoDropped("read with read() (only the receiver thread segments)");
            dropsIn.increment();
            return VnetHdr.Verdict.DROPPED;
        }
        if (segmenting ? n > slotSize : n >= slotSize) {
            tooLong(); // its checksum, completed or not, does not matter
            return VnetHdr.Verdict.DROPPED;
        }
        if (v == VnetHdr.Verdict.BAD_OFFSETS) {
            badOffloadIn.increment();
            dropsIn.increment();
            return VnetHdr.Verdict.DROPPED;
        }
        if (v == VnetHdr.Verdict.CHECKSUM_COMPLETED) {
            checksumsCompleted.increment();
        }
        return v;
    }

    /**
     * Receiver thread only, {@code headerLen > 0}: prepares {@code segmenter} for the GSO super-frame {@code buf}
     * (header included, in memory the reader keeps until the last segment is taken).
     *
     * @return false to drop it (the subclass counts why; {@code dropsIn} is counted here)
     */
    boolean startSegmenting(GsoSegmenter segmenter, MemorySegment buf) {
        int gsoType = buf.get(ValueLayout.JAVA_BYTE, 1) & 0xff;
        int gsoSize = buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, 4) & 0xffff;
        if (segmenter.start(buf.asSlice(VnetHdr.SIZE), gsoType, gsoSize, maxFrameSize)) {
            gsoSegmented.increment();
            return true;
        }
        gsoDropped("of type " + gsoType + " (only TCPv4/TCPv6 without IPv6 extension headers are segmented)");
        return false;
    }

    /** What to do about super-frames we cannot segment, for the one warning per adapter. */
    String gsoAdvice() {
        return "";
    }

    private void gsoDropped(String why) {
        gsoDropsIn.increment();
        if (gsoWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "GSO super-frame on {0} ''{1}'' {2}: dropped{3}", kind, name, why, gsoAdvice());
        }
    }

    /** ioctl(2) on the descriptor, under the lock that keeps it from being closed meanwhile. */
    int ioctl(MemorySegment state, long request, MemorySegment arg) throws ClosedChannelException {
        fdLock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            return Libc.ioctl(state, fd, request, arg);
        } finally {
            fdLock.readLock().unlock();
        }
    }

    /** Switches delivery of whole super-frames (the subclass has told the kernel to send them, or stopped it). */
    void deliverSuperFrames(boolean on) {
        deliverSuperFrames = on;
    }

    /** Received GSO super-frames cut into segments by us (TCPv4/TCPv6). */
    public long gsoSegmented() {
        return gsoSegmented.sum();
    }

    /** Received frames whose TCP/UDP checksum the sender left to offload and we completed. */
    public long checksumsCompleted() {
        return checksumsCompleted.sum();
    }

    /** Received GSO super-frames we could not segment, dropped (also in {@code dropsIn}). */
    public long gsoDropsIn() {
        return gsoDropsIn.sum();
    }

    /** Received frames with a checksum request pointing outside the frame, dropped (also in {@code dropsIn}). */
    public long badOffloadIn() {
        return badOffloadIn.sum();
    }

    /** Super-frames delivered whole (offloads on) and written whole ({@link #writeSuperFrame}). */
    public long superFramesIn() {
        return superFramesIn.sum();
    }

    public long superFramesOut() {
        return superFramesOut.sum();
    }

    private static MemorySegment newPollFd(Arena arena, int fd) {
        MemorySegment pfd = arena.allocate(8, 4);
        pfd.set(ValueLayout.JAVA_INT, 0, fd);
        pfd.set(ValueLayout.JAVA_SHORT, 4, (short) Libc.POLLIN);
        return pfd;
    }

    @Override
    public String interfaceName() {
        return name;
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    public Counters counters() {
        return new Counters(framesIn.sum(), bytesIn.sum(), framesOut.sum(), bytesOut.sum(), dropsIn.sum(), dropsOut.sum(),
                tooLongIn.sum());
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (receiving.get()) {
            throw new IllegalStateException("adapter '" + name + "' delivers frames to a receiver; read() is not available");
        }
        pullLock.lock();
        try {
            while (true) {
                long n;
                fdLock.readLock().lock();
                try {
                    if (closed) {
                        throw new ClosedChannelException();
                    }
                    n = Libc.read(pullState, fd, pullBuf, slotSize);
                    if (n < 0) {
                        int errno = Libc.errno(pullState);
                        if (errno == Libc.EAGAIN) {
                            if (Libc.poll(pullState, pullPollFd, 1, POLL_MILLIS) < 0 && Libc.errno(pullState) != Libc.EINTR) {
                                throw new IOException("poll on '" + name + "' failed: " + Libc.strerror(Libc.errno(pullState)));
                            }
                            continue;
                        }
                        if (errno == Libc.EINTR) {
                            continue;
                        }
                        dropsIn.increment();
                        if (errno == Libc.ENETDOWN) {
                            continue; // a packet socket reports a link going down once; frames follow when it is up
                        }
                        throw new IOException("read from '" + name + "' failed: " + Libc.strerror(errno));
                    }
                } finally {
                    fdLock.readLock().unlock();
                }
                if (inspect(pullBuf, n, false) == VnetHdr.Verdict.DROPPED) {
                    continue;
                }
                long len = n - headerLen;
                if (len > dst.remaining()) {
                    dropsIn.increment();
                    throw new IOException("frame of " + len + " bytes does not fit into " + dst.remaining() + " bytes");
                }
                framesIn.increment();
                bytesIn.add(len);
                dst.put(pullBuf.asSlice(headerLen, len).asByteBuffer());
                return (int) len;
            }
        } finally {
            pullLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer frame) throws IOException {
        int len = frame.remaining();
        checkFrame(len);
        writeFrame(frame, len, false);
    }

    /**
     * A frame in native memory goes out from its address: no {@code ByteBuffer} view per frame (the receive path of a
     * client and a local bridge writes every frame this way). Other buffers take the view.
     */
    @Override
    public void writeFrame(ByteBuf frame) throws IOException {
        if (!frame.hasMemoryAddress()) {
            VirtualAdapter.super.writeFrame(frame);
            return;
        }
        int len = frame.readableBytes();
        boolean withHeader = len > SUPER_FRAME_THRESHOLD;
        if (withHeader) {
            checkSuperFrame(VNET_HEADER_LENGTH + len);
            if (frame.readerIndex() < VNET_HEADER_LENGTH) {
                dropsOut.increment();
                throw new IOException("super-frame without its header in front, on '" + name + "'");
            }
            len += VNET_HEADER_LENGTH;
        } else {
            checkFrame(len);
        }
        long address = frame.memoryAddress() + frame.readerIndex() - (withHeader ? VNET_HEADER_LENGTH : 0);
        writeLocked(null, address, len, withHeader);
        Reference.reachabilityFence(frame); // only its address went to writev
    }

    private void checkFrame(int len) throws IOException {
        if (len < MIN_FRAME || len > slotSize - headerLen) {
            dropsOut.increment();
            throw new IOException("frame of " + len + " bytes cannot be sent on '" + name + "' (" + MIN_FRAME + ".." + maxFrameSize() + ")");
        }
    }

    private void checkSuperFrame(int len) throws IOException {
        if (headerLen == 0) {
            throw new UnsupportedOperationException(kind + " '" + name + "' has no virtio-net header");
        }
        if (len < headerLen + MIN_FRAME || len > SUPER_FRAME) {
            dropsOut.increment();
            throw new IOException("super-frame of " + len + " bytes cannot be sent on '" + name + "'");
        }
    }

    /**
     * Writes a super-frame with its header in front, as one write(2): the kernel takes the header as it would
     * from a virtio device (segmentation and checksum left to it or to the receiving stack).
     */
    @Override
    public void writeSuperFrame(ByteBuffer headerAndFrame) throws IOException {
        int len = headerAndFrame.remaining();
        checkSuperFrame(len);
        writeFrame(headerAndFrame, len, true);
    }

    private void writeFrame(ByteBuffer frame, int len, boolean withHeader) throws IOException {
        writeLocked(frame, 0, len, withHeader);
        frame.position(frame.limit());
    }

    /** Writes {@code buf}'s bytes, or with {@code buf} null the {@code len} bytes at {@code address}. */
    private void writeLocked(ByteBuffer buf, long address, int len, boolean withHeader) throws IOException {
        writeLock.lock();
        fdLock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            long n = send(buf, address, len, withHeader);
            if (n < 0 && Libc.errno(writeState) == Libc.EINTR) {
                n = send(buf, address, len, withHeader);
            }
            if (n < 0) {
                int errno = Libc.errno(writeState);
                dropsOut.increment();
                if (!droppedNotFailed(errno)) {
                    throw new IOException("write to '" + name + "' failed: " + Libc.strerror(errno));
                }
            } else {
                framesOut.increment();
                bytesOut.add(n - headerLen);
                if (withHeader) {
                    superFramesOut.increment();
                }
            }
        } finally {
            fdLock.readLock().unlock();
            writeLock.unlock();
        }
    }

    /**
     * One writev(2) of {header, frame} for every frame written, plain or super, direct or heap, so that the super-frames
     * of a bulk transfer compile the code an idle tunnel's lone small frames take (releng/bench/README.md, "why the
     * idle ping ..."). A plain frame gets the zero header at the start of writeBuf (an empty one without a header), a
     * super-frame brings its own in front; heap buffers are copied to native memory first. With {@code buf} null the
     * bytes are at {@code address} (native memory the caller keeps alive).
     */
    private long send(ByteBuffer buf, long address, int len, boolean withHeader) {
        int own = withHeader ? headerLen : 0; // header bytes at the start of the data
        long data;
        if (buf == null) {
            data = address;
        } else if (buf.isDirect()) {
            data = MemorySegment.ofBuffer(buf).address();
        } else {
            if (withHeader && superWriteBuf == null) {
                superWriteBuf = arena.allocate(SUPER_FRAME, 64);
            }
            MemorySegment copy = withHeader ? superWriteBuf : writeBuf.asSlice(headerLen);
            MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, copy, 0, len);
            data = copy.address();
        }
        writeIov.set(ValueLayout.JAVA_LONG, 0, withHeader ? data : writeBuf.address());
        writeIov.set(ValueLayout.JAVA_LONG, 8, headerLen);
        writeIov.set(ValueLayout.JAVA_LONG, 16, data + own);
        writeIov.set(ValueLayout.JAVA_LONG, 24, len - own);
        long n = Libc.writev(writeState, fd, writeIov, 2);
        Reference.reachabilityFence(buf); // only its address is in writeIov
        return n;
    }

    @Override
    public void startReceiving(FrameReceiver receiver) {
        if (closed) {
            throw new IllegalStateException("adapter '" + name + "' is closed");
        }
        if (!receiving.compareAndSet(false, true)) {
            throw new IllegalStateException("adapter '" + name + "' already has a receiver");
        }
        this.receiver = receiver;
        this.batch = new Batch(arena, slotSize, headerLen);
        String prefix = kind.split(" ")[0].toLowerCase(Locale.ROOT); // "tap", "packet"
        Thread t = Thread.ofPlatform().daemon().name(prefix + "-reader-" + name).unstarted(this::readLoop);
        reader = t;
        t.start();
    }

    @Override
    public int pollDescriptor() {
        return closed ? -1 : fd;
    }

    @Override
    public boolean pollExternally(boolean on) {
        if (receiver == null) {
            throw new IllegalStateException("adapter '" + name + "' has no receiver");
        }
        external = on;
        if (!on) {
            LockSupport.unpark(reader); // back to polling at once
        }
        return true;
    }

    @Override
    public int readReady() {
        if (receiver == null) {
            throw new IllegalStateException("adapter '" + name + "' has no receiver");
        }
        receiveLock.lock();
        try {
            int n = deliverBatch(true);
            // segments of a super-frame left over from a full batch: the descriptor may not turn readable again for them
            while (n > 0 && batch.segmenter.hasNext()) {
                int more = deliverBatch(false);
                if (more <= 0) {
                    break; // closed meanwhile: what was delivered still counts
                }
                n += more;
            }
            return n;
        } finally {
            receiveLock.unlock();
            if (closed) {
                release(); // close() called from the receiver leaves the release to us
            }
        }
    }

    /** The push-mode reader thread: polls, then delivers a batch; parks while an outside poller reads. */
    private void readLoop() {
        MemorySegment state = Libc.newCallState(arena);
        MemorySegment pfd = newPollFd(arena, fd);
        try {
            while (!closed) {
                if (external) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                    continue;
                }
                if (!batch.segmenter.hasNext()) { // segments left over from the last batch come first, without waiting
                    int ready;
                    fdLock.readLock().lock();
                    try {
                        if (closed) {
                            break;
                        }
                        ready = Libc.poll(state, pfd, 1, POLL_MILLIS);
                    } finally {
                        fdLock.readLock().unlock();
                    }
                    if (ready < 0 && Libc.errno(state) != Libc.EINTR) {
                        LOG.log(System.Logger.Level.ERROR, "poll on {0} ''{1}'' failed, reader stops: {2}", kind, name,
                                Libc.strerror(Libc.errno(state)));
                        break;
                    }
                    if (ready <= 0) {
                        continue;
                    }
                }
                receiveLock.lock();
                try {
                    if (!external && deliverBatch(true) < 0) {
                        break;
                    }
                } finally {
                    receiveLock.unlock();
                }
            }
        } finally {
            if (closed) {
                release(); // close() called from the receiver leaves the release to this thread
            }
        }
    }

    /**
     * Under receiveLock: reads what is ready without blocking (at most {@link #BATCH} frames, segments of a super-frame
     * first) and hands it to the receiver. {@code readFd} false: only segments left over.
     *
     * @return frames delivered, or -1 if the adapter is closed
     */
    private int deliverBatch(boolean readFd) {
        Batch b = batch;
        int count = 0;
        int superAt = -1;
        fdLock.readLock().lock();
        try {
            if (closed) {
                return -1;
            }
            while (count < BATCH) {
                if (b.segmenter.hasNext()) {
                    int len = b.segmenter.next(b.slots[count].asSlice(headerLen));
                    b.views[count].clear().limit(len);
                    framesIn.increment();
                    bytesIn.add(len);
                    count++;
                    continue;
                }
                if (!readFd) {
                    break;
                }
                long n;
                if (b.segmenting) {
                    b.iov.set(ValueLayout.ADDRESS, 0, b.slots[count]);
                    n = Libc.readv(b.state, fd, b.iov, 2);
                } else {
                    n = Libc.read(b.state, fd, b.slots[count], slotSize);
                }
                if (n < 0) {
                    int errno = Libc.errno(b.state);
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    if (errno != Libc.EAGAIN) {
                        dropsIn.increment();
                    }
                    break;
                }
                VnetHdr.Verdict verdict = inspect(b.slots[count], n, b.segmenting);
                if (verdict == VnetHdr.Verdict.DROPPED) {
                    continue;
                }
                if (verdict == VnetHdr.Verdict.GSO) {
                    if (n >= SUPER_FRAME) {
                        tooLong(); // truncated
                    } else {
                        MemorySegment.copy(b.slots[count], 0, b.superFrame, 0, Math.min(n, slotSize)); // the rest is behind
                        if (deliverSuperFrames && n - headerLen > SUPER_FRAME_THRESHOLD) {
                            // whole, its header right before the view's position; the batch ends here, so
                            // superFrame is not read into again before the receiver has had it
                            b.superView.clear().limit((int) n).position(headerLen);
                            b.deliver[count] = b.superView;
                            superAt = count;
                            framesIn.increment();
                            bytesIn.add(n - headerLen);
                            superFramesIn.increment();
                            count++;
                            break;
                        }
                        if (!startSegmenting(b.segmenter, b.superFrame.asSlice(0, n))) {
                            dropsIn.increment();
                        }
                    }
                    continue;
                }
                b.views[count].clear().limit((int) (n - headerLen));
                framesIn.increment();
                bytesIn.add(n - headerLen);
                count++;
            }
        } finally {
            fdLock.readLock().unlock();
        }
        if (count > 0) {
            try {
                receiver.frames(b.deliver, count);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "receiver of " + kind + " '" + name + "' failed", e);
            } finally {
                if (superAt >= 0) {
                    b.deliver[superAt] = b.views[superAt];
                }
            }
        }
        return count;
    }

    /**
     * The receiving side's memory: {@link #BATCH} slots and their views (after the header). With a vnet header, readv(2)
     * puts what does not fit into a slot behind it in superFrame, where a GSO super-frame is completed (its slot part
     * copied in front) and either delivered whole or cut into segments for the next slots.
     */
    private static final class Batch {
        final MemorySegment state;
        final MemorySegment[] slots = new MemorySegment[BATCH];
        final ByteBuffer[] views = new ByteBuffer[BATCH];
        final ByteBuffer[] deliver = new ByteBuffer[BATCH]; // views[i], or the super-frame's view
        final boolean segmenting;
        final MemorySegment superFrame;
        final ByteBuffer superView;
        final MemorySegment iov;
        final GsoSegmenter segmenter = new GsoSegmenter();

        Batch(Arena arena, int slotSize, int headerLen) {
            MemorySegment all = arena.allocate((long) slotSize * BATCH, 64);
            state = Libc.newCallState(arena);
            for (int i = 0; i < BATCH; i++) {
                slots[i] = all.asSlice((long) i * slotSize, slotSize);
                views[i] = all.asSlice((long) i * slotSize + headerLen, slotSize - headerLen).asByteBuffer();
                deliver[i] = views[i];
            }
            segmenting = headerLen > 0;
            superFrame = segmenting ? arena.allocate(SUPER_FRAME, 64) : null;
            superView = segmenting ? superFrame.asByteBuffer() : null;
            iov = arena.allocate(32, 8);
            if (segmenting) {
                iov.set(ValueLayout.JAVA_LONG, 8, slotSize);
                iov.set(ValueLayout.ADDRESS, 16, superFrame.asSlice(slotSize));
                iov.set(ValueLayout.JAVA_LONG, 24, SUPER_FRAME - slotSize);
            }
        }
    }

    /** Closes the descriptor (see the subclass for what that undoes). Idempotent; waits at most about one poll timeout. */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        if (receiveLock.isHeldByCurrentThread()) {
            return; // called from the receiver: the delivering thread releases once it returns
        }
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
            if (t == Thread.currentThread()) {
                return; // readLoop releases once the receiver returns
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "reader of {0} ''{1}'' still busy in its receiver; it releases the descriptor", kind, name);
            }
            if (!t.isAlive()) {
                release(); // normally done by readLoop already; covers a reader that stopped on a poll error
            }
            return;
        }
        release();
    }

    private final AtomicBoolean released = new AtomicBoolean();

    private void release() {
        if (receiveLock.isHeldByCurrentThread() || !released.compareAndSet(false, true)) {
            return;
        }
        receiveLock.lock(); // no delivery reads the batch memory while the arena closes
        fdLock.writeLock().lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(a);
            if (Libc.close(state, fd) < 0) {
                LOG.log(System.Logger.Level.WARNING, "closing {0} ''{1}'': {2}", kind, name, Libc.strerror(Libc.errno(state)));
            }
            arena.close();
        } finally {
            fdLock.writeLock().unlock();
            receiveLock.unlock();
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + (closed ? " (closed)" : "") + " " + counters();
    }

    private void tooLong() {
        dropsIn.increment();
        tooLongIn.increment();
    }

    /** Errors after which a frame is dropped and counted, as a switch would, instead of failing the caller. */
    private static boolean droppedNotFailed(int errno) {
        // EAGAIN/ENOBUFS: queue full; ENETDOWN: link went down; EMSGSIZE: longer than the link's MTU
        return errno == Libc.EAGAIN || errno == Libc.ENOBUFS || errno == Libc.ENETDOWN || errno == Libc.EMSGSIZE;
    }
}
