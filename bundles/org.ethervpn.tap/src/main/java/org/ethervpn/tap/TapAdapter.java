package org.ethervpn.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.ethervpn.api.adapter.VirtualAdapter;

/**
 * A Linux TAP device ({@code IFF_TAP|IFF_NO_PI}) on a non-blocking file descriptor, driven through FFM.
 *
 * <p>Receiving: either {@link #read(ByteBuffer)} on the caller's thread (poll(2) with a timeout, so
 * {@link #close()} is noticed), or {@link #startReceiving} with one reader thread per adapter that reads
 * until EAGAIN (at most {@link #BATCH} frames) into reused native memory and delivers the batch.
 * Sending: {@link #write(ByteBuffer)} on the caller's thread; if the kernel says EAGAIN the frame is
 * dropped and counted, as a switch would. The device is not persistent: {@link #close()} removes it.
 */
public final class TapAdapter implements VirtualAdapter {
    /** Frames read per poll(2) wake-up at most before the batch is delivered. */
    public static final int BATCH = 128;
    static final int POLL_MILLIS = 200;
    /** Ethernet header plus one VLAN tag on top of the MTU. */
    static final int FRAME_OVERHEAD = 18;
    static final int MIN_FRAME = 14;

    private static final System.Logger LOG = System.getLogger(TapAdapter.class.getName());

    /** What to set up besides the name; {@code mac == null} keeps the kernel's random address, {@code mtu == 0} keeps 1500. */
    public record Options(byte[] mac, int mtu) {
        public static final Options DEFAULTS = new Options(null, 0);

        public Options {
            if (mac != null) {
                TapSupport.checkMac(mac);
                mac = mac.clone();
            }
            if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
                throw new IllegalArgumentException("MTU " + mtu + " is outside 68..65535");
            }
        }
    }

    /** A snapshot of the adapter's counters. {@code dropsOut}: EAGAIN on write; {@code dropsIn}: truncated or failed reads. */
    public record Counters(long framesIn, long bytesIn, long framesOut, long bytesOut, long dropsIn, long dropsOut) {
    }

    private final String name;
    private final byte[] mac;
    private final int mtu;
    private final int fd;
    private final int slotSize;
    private final Arena arena = Arena.ofShared();
    /** Read lock around every syscall on fd, write lock to close it: no call ever sees a reused fd number. */
    private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread reader;

    private final ReentrantLock pullLock = new ReentrantLock();
    private final MemorySegment pullBuf;
    private final MemorySegment pullState;
    private final MemorySegment pullPollFd;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final MemorySegment writeBuf;
    private final MemorySegment writeState;

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder dropsIn = new LongAdder();
    private final LongAdder dropsOut = new LongAdder();

    private TapAdapter(String name, int fd, byte[] mac, int mtu) {
        this.name = name;
        this.fd = fd;
        this.mac = mac;
        this.mtu = mtu;
        this.slotSize = Math.max(2048, (mtu + FRAME_OVERHEAD + 63) & ~63);
        this.pullBuf = arena.allocate(slotSize, 64);
        this.pullState = Libc.newCallState(arena);
        this.pullPollFd = newPollFd(arena, fd);
        this.writeBuf = arena.allocate(slotSize, 64);
        this.writeState = Libc.newCallState(arena);
    }

    /**
     * Creates TAP device {@code interfaceName} in the calling thread's network namespace, sets the MAC
     * and MTU if asked, and brings the link up.
     *
     * @throws IOException with the reason (bad name, no /dev/net/tun, no privilege, name busy, ...)
     */
    public static TapAdapter open(String interfaceName, Options options) throws IOException {
        TapSupport.requireValidName(interfaceName);
        String unavailable = TapSupport.unavailableReason();
        if (unavailable != null) {
            throw new IOException(unavailable);
        }
        if (!TapSupport.tunDeviceExists()) {
            throw new IOException(TapSupport.TUN_DEVICE + " does not exist: load the tun module (modprobe tun),"
                    + " or in a container pass the device in (--device /dev/net/tun)");
        }
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(setup);
            int fd = Libc.open(state, setup.allocateFrom(TapSupport.TUN_DEVICE.toString()),
                    Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0) {
                int errno = Libc.errno(state);
                throw new IOException("cannot open " + TapSupport.TUN_DEVICE + ": " + Libc.strerror(errno)
                        + (errno == Libc.EACCES || errno == Libc.EPERM ? "; TAP devices need root or CAP_NET_ADMIN" : ""));
            }
            try {
                MemorySegment ifr = ifreq(setup, interfaceName);
                ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, (short) (Libc.IFF_TAP | Libc.IFF_NO_PI));
                if (Libc.ioctl(state, fd, Libc.TUNSETIFF, ifr) < 0) {
                    throw tunSetIffError(interfaceName, Libc.errno(state));
                }
                String actual = ifr.getString(0, StandardCharsets.US_ASCII);
                byte[] mac;
                int mtu;
                int sock = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM, 0);
                if (sock < 0) {
                    throw new IOException("cannot open a socket to configure '" + actual + "': " + Libc.strerror(Libc.errno(state)));
                }
                try {
                    if (options.mac() != null) {
                        ifr = ifreq(setup, actual);
                        ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, Libc.ARPHRD_ETHER);
                        MemorySegment.copy(options.mac(), 0, ifr, ValueLayout.JAVA_BYTE, Libc.IFR_UNION + 2, 6);
                        ioctlOrThrow(state, sock, Libc.SIOCSIFHWADDR, ifr, "set the MAC address of '" + actual + "' to "
                                + TapSupport.formatMac(options.mac()));
                    }
                    if (options.mtu() != 0) {
                        ifr = ifreq(setup, actual);
                        ifr.set(ValueLayout.JAVA_INT, Libc.IFR_UNION, options.mtu());
                        ioctlOrThrow(state, sock, Libc.SIOCSIFMTU, ifr, "set the MTU of '" + actual + "' to " + options.mtu());
                    }
                    ifr = ifreq(setup, actual);
                    ioctlOrThrow(state, sock, Libc.SIOCGIFFLAGS, ifr, "read the flags of '" + actual + "'");
                    short flags = ifr.get(ValueLayout.JAVA_SHORT, Libc.IFR_UNION);
                    ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, (short) (flags | Libc.IFF_UP));
                    ioctlOrThrow(state, sock, Libc.SIOCSIFFLAGS, ifr, "bring '" + actual + "' up");

                    ifr = ifreq(setup, actual);
                    ioctlOrThrow(state, sock, Libc.SIOCGIFHWADDR, ifr, "read the MAC address of '" + actual + "'");
                    mac = ifr.asSlice(Libc.IFR_UNION + 2, 6).toArray(ValueLayout.JAVA_BYTE);
                    ifr = ifreq(setup, actual);
                    ioctlOrThrow(state, sock, Libc.SIOCGIFMTU, ifr, "read the MTU of '" + actual + "'");
                    mtu = ifr.get(ValueLayout.JAVA_INT, Libc.IFR_UNION);
                } finally {
                    Libc.close(state, sock);
                }
                return new TapAdapter(actual, fd, mac, mtu);
            } catch (IOException | RuntimeException | Error e) {
                Libc.close(state, fd);
                throw e;
            }
        }
    }

    private static IOException tunSetIffError(String name, int errno) {
        String why = switch (errno) {
            case Libc.EPERM, Libc.EACCES -> "; creating a TAP device needs root or CAP_NET_ADMIN in this network namespace";
            case Libc.EBUSY -> "; the interface exists and is in use (another process has the TAP open)";
            case 22 /* EINVAL */ -> "; an interface of that name exists and is not a TAP device";
            default -> "";
        };
        return new IOException("cannot create TAP device '" + name + "': " + Libc.strerror(errno) + why);
    }

    private static void ioctlOrThrow(MemorySegment state, int fd, long request, MemorySegment arg, String what) throws IOException {
        if (Libc.ioctl(state, fd, request, arg) < 0) {
            int errno = Libc.errno(state);
            throw new IOException("cannot " + what + ": " + Libc.strerror(errno));
        }
    }

    private static MemorySegment ifreq(Arena arena, String name) {
        MemorySegment ifr = arena.allocate(Libc.IFREQ_SIZE, 8); // zeroed
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, ifr, ValueLayout.JAVA_BYTE, 0, Math.min(bytes.length, Libc.IFNAMSIZ - 1));
        return ifr;
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

    /** The device's MAC address as it was after open. */
    public byte[] macAddress() {
        return mac.clone();
    }

    public int mtu() {
        return mtu;
    }

    @Override
    public int maxFrameSize() {
        return mtu + FRAME_OVERHEAD;
    }

    public Counters counters() {
        return new Counters(framesIn.sum(), bytesIn.sum(), framesOut.sum(), bytesOut.sum(), dropsIn.sum(), dropsOut.sum());
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
                        throw new IOException("read from '" + name + "' failed: " + Libc.strerror(errno));
                    }
                } finally {
                    fdLock.readLock().unlock();
                }
                if (n >= slotSize) {
                    dropsIn.increment(); // possibly truncated: the MTU was raised behind our back
                    continue;
                }
                if (n > dst.remaining()) {
                    dropsIn.increment();
                    throw new IOException("frame of " + n + " bytes does not fit into " + dst.remaining() + " bytes");
                }
                framesIn.increment();
                bytesIn.add(n);
                dst.put(pullBuf.asSlice(0, n).asByteBuffer());
                return (int) n;
            }
        } finally {
            pullLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer frame) throws IOException {
        int len = frame.remaining();
        if (len < MIN_FRAME || len > slotSize) {
            dropsOut.increment();
            throw new IOException("frame of " + len + " bytes cannot be sent on '" + name + "' (" + MIN_FRAME + ".." + maxFrameSize() + ")");
        }
        writeLock.lock();
        fdLock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            MemorySegment src;
            if (frame.isDirect()) {
                src = MemorySegment.ofBuffer(frame);
            } else {
                MemorySegment.copy(MemorySegment.ofBuffer(frame), 0, writeBuf, 0, len);
                src = writeBuf;
            }
            long n = Libc.write(writeState, fd, src, len);
            if (n < 0 && Libc.errno(writeState) == Libc.EINTR) {
                n = Libc.write(writeState, fd, src, len);
            }
            if (n < 0) {
                int errno = Libc.errno(writeState);
                if (errno == Libc.EAGAIN) {
                    dropsOut.increment();
                } else {
                    dropsOut.increment();
                    throw new IOException("write to '" + name + "' failed: " + Libc.strerror(errno));
                }
            } else {
                framesOut.increment();
                bytesOut.add(n);
            }
            frame.position(frame.limit());
        } finally {
            fdLock.readLock().unlock();
            writeLock.unlock();
        }
    }

    @Override
    public void startReceiving(FrameReceiver receiver) {
        if (closed) {
            throw new IllegalStateException("adapter '" + name + "' is closed");
        }
        if (!receiving.compareAndSet(false, true)) {
            throw new IllegalStateException("adapter '" + name + "' already has a receiver");
        }
        Thread t = Thread.ofPlatform().daemon().name("tap-reader-" + name).unstarted(() -> readLoop(receiver));
        reader = t;
        t.start();
    }

    private void readLoop(FrameReceiver receiver) {
        MemorySegment batch = arena.allocate((long) slotSize * BATCH, 64);
        MemorySegment state = Libc.newCallState(arena);
        MemorySegment pfd = newPollFd(arena, fd);
        ByteBuffer[] views = new ByteBuffer[BATCH];
        for (int i = 0; i < BATCH; i++) {
            views[i] = batch.asSlice((long) i * slotSize, slotSize).asByteBuffer();
        }
        try {
            while (!closed) {
                int count = 0;
                fdLock.readLock().lock();
                try {
                    if (closed) {
                        break;
                    }
                    int ready = Libc.poll(state, pfd, 1, POLL_MILLIS);
                    if (ready < 0 && Libc.errno(state) != Libc.EINTR) {
                        LOG.log(System.Logger.Level.ERROR, "poll on TAP ''{0}'' failed, reader stops: {1}", name,
                                Libc.strerror(Libc.errno(state)));
                        break;
                    }
                    if (ready <= 0) {
                        continue;
                    }
                    while (count < BATCH) {
                        long n = Libc.read(state, fd, batch.asSlice((long) count * slotSize), slotSize);
                        if (n < 0) {
                            int errno = Libc.errno(state);
                            if (errno == Libc.EINTR) {
                                continue;
                            }
                            if (errno != Libc.EAGAIN) {
                                dropsIn.increment();
                            }
                            break;
                        }
                        if (n >= slotSize) {
                            dropsIn.increment();
                            continue;
                        }
                        views[count].clear().limit((int) n);
                        framesIn.increment();
                        bytesIn.add(n);
                        count++;
                    }
                } finally {
                    fdLock.readLock().unlock();
                }
                if (count > 0) {
                    try {
                        receiver.frames(views, count);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "receiver of TAP '" + name + "' failed", e);
                    }
                }
            }
        } finally {
            if (closed) {
                release(); // close() called from the receiver leaves the release to this thread
            }
        }
    }

    /** Closes the descriptor, which removes the device. Idempotent; waits at most about one poll timeout. */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        Thread t = reader;
        if (t != null) {
            if (t == Thread.currentThread()) {
                return; // readLoop releases once the receiver returns
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "reader of TAP ''{0}'' still busy in its receiver; it releases the device", name);
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
        if (!released.compareAndSet(false, true)) {
            return;
        }
        fdLock.writeLock().lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(a);
            if (Libc.close(state, fd) < 0) {
                LOG.log(System.Logger.Level.WARNING, "closing TAP ''{0}'': {1}", name, Libc.strerror(Libc.errno(state)));
            }
        } finally {
            fdLock.writeLock().unlock();
        }
        arena.close();
    }

    @Override
    public String toString() {
        return "TAP " + name + " " + TapSupport.formatMac(mac) + " mtu " + mtu + (closed ? " (closed)" : "") + " " + counters();
    }
}
