package org.ethervpn.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Interface ioctls (struct ifreq) shared by the TAP and packet adapters; {@code sock} is any socket in the namespace. */
final class Ifaces {
    private Ifaces() {
    }

    /** The hardware address family ({@code ARPHRD_*}) and the first six bytes of the address. */
    record HwAddr(short family, byte[] mac) {
    }

    static MemorySegment ifreq(Arena arena, String name) {
        MemorySegment ifr = arena.allocate(Libc.IFREQ_SIZE, 8); // zeroed
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, ifr, ValueLayout.JAVA_BYTE, 0, Math.min(bytes.length, Libc.IFNAMSIZ - 1));
        return ifr;
    }

    static void ioctlOrThrow(MemorySegment state, int fd, long request, MemorySegment arg, String what) throws IOException {
        if (Libc.ioctl(state, fd, request, arg) < 0) {
            throw new IOException("cannot " + what + ": " + Libc.strerror(Libc.errno(state)));
        }
    }

    static short flags(Arena arena, MemorySegment state, int sock, String name) throws IOException {
        MemorySegment ifr = ifreq(arena, name);
        ioctlOrThrow(state, sock, Libc.SIOCGIFFLAGS, ifr, "read the flags of '" + name + "'");
        return ifr.get(ValueLayout.JAVA_SHORT, Libc.IFR_UNION);
    }

    /** Sets IFF_UP unless set; returns whether the link was down. Failures say which capability is missing. */
    static boolean bringUp(Arena arena, MemorySegment state, int sock, String name) throws IOException {
        short flags = flags(arena, state, sock, name);
        if ((flags & Libc.IFF_UP) != 0) {
            return false;
        }
        MemorySegment ifr = ifreq(arena, name);
        ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, (short) (flags | Libc.IFF_UP));
        if (Libc.ioctl(state, sock, Libc.SIOCSIFFLAGS, ifr) < 0) {
            int errno = Libc.errno(state);
            throw new IOException("interface '" + name + "' is down and cannot be brought up: " + Libc.strerror(errno)
                    + (errno == Libc.EPERM || errno == Libc.EACCES ? "; that needs CAP_NET_ADMIN (or run 'ip link set "
                            + name + " up' first)" : ""));
        }
        return true;
    }

    static int mtu(Arena arena, MemorySegment state, int sock, String name) throws IOException {
        MemorySegment ifr = ifreq(arena, name);
        ioctlOrThrow(state, sock, Libc.SIOCGIFMTU, ifr, "read the MTU of '" + name + "'");
        return ifr.get(ValueLayout.JAVA_INT, Libc.IFR_UNION);
    }

    static HwAddr hwAddr(Arena arena, MemorySegment state, int sock, String name) throws IOException {
        MemorySegment ifr = ifreq(arena, name);
        ioctlOrThrow(state, sock, Libc.SIOCGIFHWADDR, ifr, "read the MAC address of '" + name + "'");
        return new HwAddr(ifr.get(ValueLayout.JAVA_SHORT, Libc.IFR_UNION),
                ifr.asSlice(Libc.IFR_UNION + 2, 6).toArray(ValueLayout.JAVA_BYTE));
    }

    /** An ethtool "get" command returning one u32 ({@code struct ethtool_value}), or -1 if the driver does not answer. */
    static long ethtoolValue(Arena arena, MemorySegment state, int sock, String name, int cmd) {
        MemorySegment value = arena.allocate(8, 4);
        value.set(ValueLayout.JAVA_INT, 0, cmd);
        MemorySegment ifr = ifreq(arena, name);
        ifr.set(ValueLayout.ADDRESS, Libc.IFR_UNION, value);
        if (Libc.ioctl(state, sock, Libc.SIOCETHTOOL, ifr) < 0) {
            return -1;
        }
        return value.get(ValueLayout.JAVA_INT, 4) & 0xffffffffL;
    }
}
