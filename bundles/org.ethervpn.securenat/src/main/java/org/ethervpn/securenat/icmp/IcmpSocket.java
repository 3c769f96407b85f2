package org.ethervpn.securenat.icmp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One Linux ICMP socket, through FFM: an unprivileged ping socket ({@code SOCK_DGRAM}, allowed when
 * the process's group is in {@code net.ipv4.ping_group_range}; the kernel picks the echo identifier
 * and hands it only the answers to it) or else a raw one ({@code SOCK_RAW}, needs CAP_NET_RAW; it sees
 * every ICMP message of the host, with the IP header, so the caller filters by identifier). Non-blocking;
 * {@link #await} blocks one reader thread. Sends come from one thread and receives from another.
 */
final class IcmpSocket implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_ICMP = 1;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    private static final int SOCKADDR_IN = 16;
    private static final int MAX_MESSAGE = 65536;
    private static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = bind("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final boolean raw;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment sendState = arena.allocate(STATE);
    private final MemorySegment sendBuf = arena.allocate(MAX_MESSAGE);
    private final MemorySegment sendAddr = arena.allocate(SOCKADDR_IN);
    private final MemorySegment recvState = arena.allocate(STATE);
    private final MemorySegment recvBuf = arena.allocate(MAX_MESSAGE);
    private final MemorySegment recvAddr = arena.allocate(SOCKADDR_IN);
    private final MemorySegment recvAddrLen = arena.allocate(JAVA_INT);
    private final MemorySegment pollFd = arena.allocate(8);

    private IcmpSocket(int fd, boolean raw) {
        this.fd = fd;
        this.raw = raw;
    }

    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd, CAPTURE);
    }

    /**
     * A ping socket, else a raw ICMP socket.
     *
     * @throws IOException saying why neither may be opened
     */
    static IcmpSocket open() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(STATE);
            int dgram = (int) SOCKET.invokeExact(state, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
            if (dgram >= 0) {
                return new IcmpSocket(dgram, false);
            }
            int dgramErrno = errno(state);
            int rawFd = (int) SOCKET.invokeExact(state, AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
            if (rawFd >= 0) {
                return new IcmpSocket(rawFd, true);
            }
            throw new IOException("no ICMP socket: ping socket errno " + dgramErrno
                    + " (is the group in net.ipv4.ping_group_range?), raw socket errno " + errno(state) + " (no CAP_NET_RAW?)");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Raw sockets give the IP header and need the identifier chosen by us; ping sockets neither. */
    boolean raw() {
        return raw;
    }

    /** Sends one ICMP message (header and data) to {@code dst}. @return false if the kernel refused it now */
    boolean send(int dst, byte[] icmp) {
        MemorySegment.copy(icmp, 0, sendBuf, JAVA_BYTE, 0, icmp.length);
        sendAddr.fill((byte) 0);
        sendAddr.set(JAVA_SHORT, 0, (short) AF_INET);
        sendAddr.set(NET_INT, 4, dst);
        try {
            long n = (long) SENDTO.invokeExact(sendState, fd, sendBuf, (long) icmp.length, 0, sendAddr, SOCKADDR_IN);
            return n == icmp.length;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Waits up to {@code millis} for something to read. */
    boolean await(int millis) {
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, 4, POLLIN);
        pollFd.set(JAVA_SHORT, 6, (short) 0);
        try {
            int n = (int) POLL.invokeExact(recvState, pollFd, 1L, millis);
            return n > 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads one message without blocking into {@code out} (raw: IP header first).
     *
     * @return its length, 0 if nothing is waiting, -errno on error; the sender is then {@link #lastSender()}
     */
    int receive(byte[] out) {
        recvAddrLen.set(JAVA_INT, 0, SOCKADDR_IN);
        try {
            long n = (long) RECVFROM.invokeExact(recvState, fd, recvBuf, (long) out.length, 0, recvAddr, recvAddrLen);
            if (n < 0) {
                int e = errno(recvState);
                return e == EAGAIN || e == EINTR ? 0 : -e;
            }
            MemorySegment.copy(recvBuf, JAVA_BYTE, 0, out, 0, (int) n);
            return (int) n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int lastSender() {
        return recvAddr.get(NET_INT, 4);
    }

    /** Call once, when no thread uses the socket any more. */
    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(recvState, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            arena.close();
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
