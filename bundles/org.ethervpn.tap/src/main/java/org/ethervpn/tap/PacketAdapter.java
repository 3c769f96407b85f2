package org.ethervpn.tap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An existing Linux Ethernet interface (a NIC, one end of a veth, ...) attached through an AF_PACKET raw
 * socket: every frame the interface receives is delivered (promiscuous), frames written go out on it.
 * This is a "local bridge": the interface stays where it is and is left in place by {@link #close()},
 * which only closes the socket (the kernel then drops our promiscuous membership).
 *
 * <p>Only frames the interface receives are delivered. The kernel never loops our own writes back to
 * this socket; frames the host itself sends on the interface are kept out too ({@code PACKET_IGNORE_OUTGOING},
 * or a BPF filter on {@code pkttype} before Linux 4.20), so the host's LAN traffic does not leak into the VPN.
 *
 * <p>The socket has {@code PACKET_VNET_HDR} ({@link VnetHdr}): frames whose TCP/UDP checksum was left to offload by
 * the sender (CHECKSUM_PARTIAL, e.g. from a veth peer) get it completed before delivery; TCPv4/TCPv6 GSO super-frames
 * are cut into segments ({@link GsoSegmenter}), other ones are dropped and counted ({@link #gsoDropsIn()}).
 */
public final class PacketAdapter extends FdAdapter {
    static final int ETH_P_ALL = 3;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_ATTACH_FILTER = 26;
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_MR_PROMISC = 1;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int PACKET_VNET_HDR = 15;
    static final int PACKET_OUTGOING = 4;
    static final int EAFNOSUPPORT = 97;
    static final int ETHTOOL_GFLAGS = 0x25;
    static final int ETHTOOL_GGRO = 0x2b;
    static final int ETH_FLAG_LRO = 1 << 15;
    /** Wanted receive queue: bursts from a busy LAN while the hub is slow; the kernel caps it at net.core.rmem_max. */
    static final int RCVBUF_BYTES = 4 << 20;
    /** The smallest maxFrameSize: a full 1500-byte Ethernet frame even on a link with a smaller MTU. */
    static final int MIN_MAX_FRAME = 1514;

    private static final System.Logger LOG = System.getLogger(PacketAdapter.class.getName());

    /** How our own (outgoing) frames are kept out of the receive queue. */
    enum OutgoingFilter { IGNORE_OUTGOING_OPTION, BPF }

    private final int ifindex;
    private final byte[] mac;
    private final int mtu;
    private final boolean broughtUp;
    private final OutgoingFilter outgoingFilter;
    private final String offloadWarning;

    private PacketAdapter(String name, int fd, int ifindex, byte[] mac, int mtu, boolean broughtUp, OutgoingFilter filter,
            String offloadWarning) {
        super("packet socket", name, fd, Math.max(MIN_MAX_FRAME, mtu + FRAME_OVERHEAD), VnetHdr.SIZE);
        this.ifindex = ifindex;
        this.mac = mac;
        this.mtu = mtu;
        this.broughtUp = broughtUp;
        this.outgoingFilter = filter;
        this.offloadWarning = offloadWarning;
    }

    /**
     * Attaches to the existing Ethernet interface {@code interfaceName} in the calling thread's network
     * namespace, bringing its link up if it is down.
     *
     * @throws IOException with the reason (no such interface, not Ethernet, no CAP_NET_RAW, link cannot be brought up, ...)
     */
    public static PacketAdapter open(String interfaceName) throws IOException {
        return open(interfaceName, false);
    }

    /** {@code forceBpf}: use the BPF filter even where PACKET_IGNORE_OUTGOING works (tests the fallback). */
    static PacketAdapter open(String name, boolean forceBpf) throws IOException {
        TapSupport.requireUsable(name);
        try (Arena setup = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(setup);
            // protocol 0: the socket receives nothing until bind(), so no frame of another interface slips in
            int fd = Libc.socket(state, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw socketError(name, Libc.errno(state));
            }
            try {
                int ifindex = ifindex(setup, state, fd, name);
                Ifaces.HwAddr hw = Ifaces.hwAddr(setup, state, fd, name);
                if (hw.family() != Libc.ARPHRD_ETHER) {
                    throw new IOException("interface '" + name + "' is not an Ethernet interface (hardware type "
                            + hw.family() + "); a local bridge needs one, such as a NIC or a veth");
                }
                boolean broughtUp = Ifaces.bringUp(setup, state, fd, name);
                if (broughtUp) {
                    LOG.log(System.Logger.Level.INFO, "interface ''{0}'' was down; brought it up for the local bridge", name);
                }
                if (!broughtUp && (Ifaces.flags(setup, state, fd, name) & Libc.IFF_RUNNING) == 0) { // just raised: carrier follows
                    LOG.log(System.Logger.Level.WARNING, "interface ''{0}'' has no carrier (cable or peer down)", name);
                }
                int mtu = Ifaces.mtu(setup, state, fd, name);
                OutgoingFilter filter = ignoreOutgoing(setup, state, fd, name, forceBpf);
                MemorySegment rcvbuf = setup.allocateFrom(ValueLayout.JAVA_INT, RCVBUF_BYTES);
                Libc.setsockopt(state, fd, SOL_SOCKET, SO_RCVBUF, rcvbuf); // best effort
                joinPromiscuous(setup, state, fd, name, ifindex);
                // before bind: from then on every frame read has the header, and every write needs one
                if (Libc.setsockopt(state, fd, SOL_PACKET, PACKET_VNET_HDR, setup.allocateFrom(ValueLayout.JAVA_INT, 1)) < 0) {
                    throw new IOException("cannot set PACKET_VNET_HDR on '" + name + "' (needed to complete offloaded checksums): "
                            + Libc.strerror(Libc.errno(state)));
                }
                bind(setup, state, fd, name, ifindex);
                String offloads = offloadWarning(setup, state, fd, name);
                if (offloads != null) {
                    LOG.log(System.Logger.Level.WARNING, offloads);
                }
                return new PacketAdapter(name, fd, ifindex, hw.mac(), mtu, broughtUp, filter, offloads);
            } catch (IOException | RuntimeException | Error e) {
                Libc.close(state, fd);
                throw e;
            }
        }
    }

    private static IOException socketError(String name, int errno) {
        String why = switch (errno) {
            case Libc.EPERM, Libc.EACCES -> "; raw packet sockets need CAP_NET_RAW (root) in this network namespace";
            case EAFNOSUPPORT -> "; the kernel has no AF_PACKET support (modprobe af_packet)";
            default -> "";
        };
        return new IOException("cannot open a packet socket for '" + name + "': " + Libc.strerror(errno) + why);
    }

    private static int ifindex(Arena setup, MemorySegment state, int fd, String name) throws IOException {
        MemorySegment ifr = Ifaces.ifreq(setup, name);
        if (Libc.ioctl(state, fd, Libc.SIOCGIFINDEX, ifr) < 0) {
            int errno = Libc.errno(state);
            throw new IOException(errno == Libc.ENODEV
                    ? "no interface '" + name + "' in this network namespace (a local bridge attaches to an existing one)"
                    : "cannot look up interface '" + name + "': " + Libc.strerror(errno));
        }
        return ifr.get(ValueLayout.JAVA_INT, Libc.IFR_UNION);
    }

    private static OutgoingFilter ignoreOutgoing(Arena setup, MemorySegment state, int fd, String name, boolean forceBpf)
            throws IOException {
        if (!forceBpf) {
            if (Libc.setsockopt(state, fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, setup.allocateFrom(ValueLayout.JAVA_INT, 1)) == 0) {
                return OutgoingFilter.IGNORE_OUTGOING_OPTION;
            }
            int errno = Libc.errno(state);
            if (errno != Libc.ENOPROTOOPT && errno != Libc.EINVAL) {
                throw new IOException("cannot set PACKET_IGNORE_OUTGOING on '" + name + "': " + Libc.strerror(errno));
            }
        }
        // classic BPF: A = skb->pkt_type; if A == PACKET_OUTGOING return 0 (drop) else return 0xffffffff (whole frame)
        int[][] program = {
            {0x20, 0, 0, 0xfffff000 + 4}, // ld [SKF_AD_OFF + SKF_AD_PKTTYPE]
            {0x15, 0, 1, PACKET_OUTGOING}, // jeq #4, drop, keep
            {0x06, 0, 0, 0},                // ret #0
            {0x06, 0, 0, 0xffffffff},       // ret #-1
        };
        MemorySegment insns = setup.allocate(8L * program.length, 8);
        for (int i = 0; i < program.length; i++) {
            insns.set(ValueLayout.JAVA_SHORT, i * 8L, (short) program[i][0]);
            insns.set(ValueLayout.JAVA_BYTE, i * 8L + 2, (byte) program[i][1]);
            insns.set(ValueLayout.JAVA_BYTE, i * 8L + 3, (byte) program[i][2]);
            insns.set(ValueLayout.JAVA_INT, i * 8L + 4, program[i][3]);
        }
        MemorySegment fprog = setup.allocate(16, 8); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
        fprog.set(ValueLayout.ADDRESS, 8, insns);
        if (Libc.setsockopt(state, fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog) < 0) {
            throw new IOException("cannot attach the outgoing-frame filter to '" + name + "': " + Libc.strerror(Libc.errno(state)));
        }
        return OutgoingFilter.BPF;
    }

    /** struct packet_mreq { int ifindex; unsigned short type, alen; unsigned char address[8]; }; dropped by the kernel on close. */
    private static void joinPromiscuous(Arena setup, MemorySegment state, int fd, String name, int ifindex) throws IOException {
        MemorySegment mreq = setup.allocate(16, 4);
        mreq.set(ValueLayout.JAVA_INT, 0, ifindex);
        mreq.set(ValueLayout.JAVA_SHORT, 4, (short) PACKET_MR_PROMISC);
        if (Libc.setsockopt(state, fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq) < 0) {
            throw new IOException("cannot put '" + name + "' into promiscuous mode: " + Libc.strerror(Libc.errno(state)));
        }
    }

    /** struct sockaddr_ll { u16 family; be16 protocol; int ifindex; u16 hatype; u8 pkttype, halen; u8 addr[8]; } */
    private static void bind(Arena setup, MemorySegment state, int fd, String name, int ifindex) throws IOException {
        MemorySegment sll = setup.allocate(20, 4);
        sll.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        sll.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) ETH_P_ALL);
        sll.set(ValueLayout.JAVA_INT, 4, ifindex);
        if (Libc.bind(state, fd, sll) < 0) {
            throw new IOException("cannot bind a packet socket to '" + name + "': " + Libc.strerror(Libc.errno(state)));
        }
    }

    /** GRO/LRO merge received segments into frames far above the MTU, which no slot holds: say so. Null if all is well. */
    private static String offloadWarning(Arena setup, MemorySegment state, int fd, String name) {
        boolean gro = Ifaces.ethtoolValue(setup, state, fd, name, ETHTOOL_GGRO) == 1;
        long flags = Ifaces.ethtoolValue(setup, state, fd, name, ETHTOOL_GFLAGS);
        boolean lro = flags >= 0 && (flags & ETH_FLAG_LRO) != 0;
        if (!gro && !lro) {
            return null;
        }
        return "interface '" + name + "' has " + (gro && lro ? "GRO and LRO" : gro ? "GRO" : "LRO")
                + " on: merged frames above the MTU are dropped by the local bridge; turn it off with 'ethtool -K " + name
                + (gro ? " gro off" : "") + (lro ? " lro off" : "") + "'";
    }

    @Override
    String gsoAdvice() {
        return "; limit segmentation offload on the LAN side: 'ip link set PEER gso_max_size 1514 gso_max_segs 1' or"
                + " 'ethtool -K PEER tso off gso off' (on '" + interfaceName() + "' itself: 'ethtool -K " + interfaceName()
                + " gro off')";
    }

    public int ifindex() {
        return ifindex;
    }

    /** The interface's MAC address at open (frames for it are delivered like any other). */
    public byte[] macAddress() {
        return mac.clone();
    }

    public int mtu() {
        return mtu;
    }

    /** Whether the link was down and {@link #open} brought it up (it is not taken down again on close). */
    public boolean broughtUp() {
        return broughtUp;
    }

    OutgoingFilter outgoingFilter() {
        return outgoingFilter;
    }

    /** Why received frames may be dropped as too long (GRO/LRO on), or null. */
    public String offloadWarning() {
        return offloadWarning;
    }

    @Override
    public String toString() {
        return "packet socket on " + interfaceName() + " (ifindex " + ifindex + ", " + TapSupport.formatMac(mac) + ", mtu " + mtu
                + (broughtUp ? ", brought up by us" : "") + ")" + (isClosed() ? " (closed)" : "") + " " + counters()
                + " checksumsCompleted=" + checksumsCompleted() + " gsoSegmented=" + gsoSegmented() + " gsoDropsIn=" + gsoDropsIn() + " badOffloadIn=" + badOffloadIn();
    }
}
