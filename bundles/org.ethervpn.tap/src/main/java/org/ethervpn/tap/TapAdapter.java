package org.ethervpn.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import org.ethervpn.api.adapter.VirtualAdapter;

/**
 * A Linux TAP device ({@code IFF_TAP|IFF_NO_PI}) on a non-blocking file descriptor, driven through FFM
 * (reading, writing and closing: {@link FdAdapter}). The device is not persistent: {@link #close()} removes it.
 */
public final class TapAdapter extends FdAdapter {
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

    private final byte[] mac;
    private final int mtu;

    private TapAdapter(String name, int fd, byte[] mac, int mtu) {
        super("TAP", name, fd, mtu + FRAME_OVERHEAD, VnetHdr.SIZE);
        this.mac = mac;
        this.mtu = mtu;
    }

    /**
     * Creates TAP device {@code interfaceName} in the calling thread's network namespace, sets the MAC
     * and MTU if asked, and brings the link up.
     *
     * @throws IOException with the reason (bad name, no /dev/net/tun, no privilege, name busy, ...)
     */
    public static TapAdapter open(String interfaceName, Options options) throws IOException {
        TapSupport.requireUsable(interfaceName);
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
                MemorySegment ifr = Ifaces.ifreq(setup, interfaceName);
                // with a virtio-net header on every frame: checksum and segmentation offloads can be switched on later
                ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, (short) (Libc.IFF_TAP | Libc.IFF_NO_PI | Libc.IFF_VNET_HDR));
                if (Libc.ioctl(state, fd, Libc.TUNSETIFF, ifr) < 0) {
                    throw tunSetIffError(interfaceName, Libc.errno(state));
                }
                String actual = ifr.getString(0, StandardCharsets.US_ASCII);
                int sock = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM, 0);
                if (sock < 0) {
                    throw new IOException("cannot open a socket to configure '" + actual + "': " + Libc.strerror(Libc.errno(state)));
                }
                try {
                    configure(setup, state, sock, actual, options);
                    return new TapAdapter(actual, fd, Ifaces.hwAddr(setup, state, sock, actual).mac(),
                            Ifaces.mtu(setup, state, sock, actual));
                } finally {
                    Libc.close(state, sock);
                }
            } catch (IOException | RuntimeException | Error e) {
                Libc.close(state, fd);
                throw e;
            }
        }
    }

    private static void configure(Arena setup, MemorySegment state, int sock, String name, Options options) throws IOException {
        if (options.mac() != null) {
            MemorySegment ifr = Ifaces.ifreq(setup, name);
            ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_UNION, Libc.ARPHRD_ETHER);
            MemorySegment.copy(options.mac(), 0, ifr, ValueLayout.JAVA_BYTE, Libc.IFR_UNION + 2, 6);
            Ifaces.ioctlOrThrow(state, sock, Libc.SIOCSIFHWADDR, ifr, "set the MAC address of '" + name + "' to "
                    + TapSupport.formatMac(options.mac()));
        }
        if (options.mtu() != 0) {
            MemorySegment ifr = Ifaces.ifreq(setup, name);
            ifr.set(ValueLayout.JAVA_INT, Libc.IFR_UNION, options.mtu());
            Ifaces.ioctlOrThrow(state, sock, Libc.SIOCSIFMTU, ifr, "set the MTU of '" + name + "' to " + options.mtu());
        }
        Ifaces.bringUp(setup, state, sock, name);
    }

    private static IOException tunSetIffError(String name, int errno) {
        String why = switch (errno) {
            case Libc.EPERM, Libc.EACCES -> "; creating a TAP device needs root or CAP_NET_ADMIN in this network namespace";
            case Libc.EBUSY -> "; the interface exists and is in use (another process has the TAP open)";
            case Libc.EINVAL -> "; an interface of that name exists and is not a TAP device";
            default -> "";
        };
        return new IOException("cannot create TAP device '" + name + "': " + Libc.strerror(errno) + why);
    }

    /**
     * Offloads on: the kernel may hand over TCP super-segments of up to 64 KiB (TSO4/TSO6) with partial checksums,
     * which the reader delivers whole (see {@link VirtualAdapter}); off (the state after open): every frame is
     * MTU-sized with a complete checksum. Both ends of a tunnel that carries super-frames switch it on.
     */
    @Override
    public boolean setOffloads(boolean on) throws IOException {
        int flags = on ? Libc.TUN_F_CSUM | Libc.TUN_F_TSO4 | Libc.TUN_F_TSO6 | Libc.TUN_F_TSO_ECN : 0;
        if (!on) {
            deliverSuperFrames(false); // what the kernel still has queued is segmented by the reader
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(a);
            if (ioctl(state, Libc.TUNSETOFFLOAD, MemorySegment.ofAddress(flags)) < 0) {
                throw new IOException("cannot switch offloads " + (on ? "on" : "off") + " on TAP '" + interfaceName() + "': "
                        + Libc.strerror(Libc.errno(state)));
            }
        }
        if (on) {
            deliverSuperFrames(true);
        }
        return on;
    }

    /** The device's MAC address as it was after open. */
    public byte[] macAddress() {
        return mac.clone();
    }

    public int mtu() {
        return mtu;
    }

    @Override
    public String toString() {
        return "TAP " + interfaceName() + " " + TapSupport.formatMac(mac) + " mtu " + mtu + (isClosed() ? " (closed)" : "")
                + " " + counters();
    }
}
