package org.ethervpn.securenat.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.securenat.SecureNat;
import org.ethervpn.api.securenat.SecureNatContext;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * One hub's SecureNAT: the virtual host's frame switch. It checks every frame once (lengths,
 * checksums), answers ARP and ICMP echo for the host itself, learns which station has which address,
 * and hands IPv4 packets to the pieces that registered for them: UDP ports of the host (DHCP 67, DNS
 * 53) and the NAT of each protocol for destinations off the subnet. All state lives on one event
 * loop; nothing here locks.
 */
public final class Engine implements SecureNat, Host {
    public static final long TICK_MILLIS = 100;
    static final long ARP_EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(5);
    static final long ARP_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long ARP_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final int ARP_MAX_ENTRIES = 4096;
    static final int PENDING_PER_ADDRESS = 16;
    static final int PENDING_ADDRESSES = 256;
    private static final long REFUSAL_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SecureNatContext context;
    private final HostConfig config;
    private final Io io;
    private final LongSupplier clock;
    private final NatLog log;
    private final SaveLog saveLog;
    private final FlowLimits limits;
    private final boolean loopbackAllowed;
    private final ByteBufAllocator alloc;
    private final Map<Integer, PacketHandler> hostUdp = new HashMap<>();
    private final PacketHandler[] nat = new PacketHandler[256];
    private final List<Service> services = new ArrayList<>();
    private LeaseSource leases;
    private final Map<Integer, Neighbour> neighbours = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<Integer, int[]> flowsByClient = new HashMap<>();
    private final Map<Integer, Long> refusalLogged = new HashMap<>();
    private final EnumMap<NatProtocol, int[]> flowsByProtocol = new EnumMap<>(NatProtocol.class);
    private int flows;
    private int ipId;
    private int sessionId;
    private volatile long framesDropped;
    private volatile long flowsRefused;
    private ScheduledFuture<?> ticker;
    private boolean closed;

    private record Neighbour(long mac, long seen) {
    }

    private static final class Pending {
        final ArrayDeque<ByteBuf> packets = new ArrayDeque<>();
        final long since;
        long asked;

        Pending(long now) {
            since = now;
            asked = now;
        }
    }

    /**
     * A production engine: the NAT never reaches the server's own loopback (127.0.0.0/8), so VPN users
     * cannot get at services bound there (SoftEther refuses loopback for TCP; we refuse it for all).
     *
     * @param io null in socket-free tests (then nothing is scheduled: call {@link #tick()})
     */
    public Engine(SecureNatContext context, HostConfig config, Io io, LongSupplier clock, NatLog log, FlowLimits limits) {
        this(context, config, io, clock, log, limits, PooledByteBufAllocator.DEFAULT, false);
    }

    /**
     * @param alloc           where the engine's own frames come from (tests count them to find leaks)
     * @param loopbackAllowed tests only: let the NAT reach 127.0.0.0/8, where their peers listen
     */
    public Engine(SecureNatContext context, HostConfig config, Io io, LongSupplier clock, NatLog log, FlowLimits limits,
            ByteBufAllocator alloc, boolean loopbackAllowed) {
        this.alloc = alloc;
        this.loopbackAllowed = loopbackAllowed;
        this.context = context;
        this.config = config;
        this.io = io;
        this.clock = clock;
        this.log = log;
        this.saveLog = new SaveLog(log, context.hub(), config.saveLog());
        this.limits = limits;
        for (NatProtocol p : NatProtocol.values()) {
            flowsByProtocol.put(p, new int[1]);
        }
    }

    // ---- wiring (before start) ----

    /** A UDP service of the virtual host itself (DHCP on 67 also gets broadcasts). */
    public Engine hostUdp(int port, PacketHandler handler) {
        hostUdp.put(port, handler);
        return this;
    }

    /** The NAT of one IP protocol ({@link Ipv4#TCP}, {@link Ipv4#UDP}, {@link Ipv4#ICMP}); used only when NAT is on. */
    public Engine nat(int protocol, PacketHandler handler) {
        nat[protocol] = handler;
        return this;
    }

    public Engine service(Service service) {
        services.add(service);
        return this;
    }

    public Engine leases(LeaseSource source) {
        this.leases = source;
        return this;
    }

    /** Starts the ticker on the loop. */
    public Engine start() {
        if (io != null) {
            ticker = io.loop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        log.info("SecureNAT of hub " + context.hub() + " started: virtual host " + Ip4.format(config.ip()) + "/"
                + Ip4.prefix(config.mask()) + " " + Mac.format(config.mac()) + ", NAT " + (config.nat() ? "on" : "off")
                + ", DHCP " + (config.dhcp() ? "on" : "off"));
        return this;
    }

    // ---- SecureNat ----

    @Override
    public Executor executor() {
        return io != null ? io.loop() : Runnable::run;
    }

    @Override
    public void receive(ByteBuf frame) {
        try {
            if (!closed) {
                handle(frame);
            }
        } catch (IndexOutOfBoundsException e) {
            dropped("truncated frame");
        } finally {
            frame.release();
        }
    }

    @Override
    public List<NatEntry> natSessions() {
        return onLoop(() -> {
            List<NatEntry> out = new ArrayList<>();
            for (Service s : services) {
                s.sessions(out);
            }
            return out;
        }, List.of());
    }

    @Override
    public List<DhcpLease> dhcpLeases() {
        return onLoop(() -> {
            List<DhcpLease> out = new ArrayList<>();
            if (leases != null) {
                leases.leases(out);
            }
            return out;
        }, List.of());
    }

    @Override
    public SecureNatStatus status() {
        return onLoop(() -> new SecureNatStatus(context.hub(), !closed, count(NatProtocol.TCP), count(NatProtocol.UDP),
                count(NatProtocol.ICMP), count(NatProtocol.DNS), leaseCount(), framesDropped, flowsRefused),
                new SecureNatStatus(context.hub(), false, 0, 0, 0, 0, 0, framesDropped, flowsRefused));
    }

    @Override
    public void close() {
        if (io != null && !io.loop().inEventLoop()) {
            io.loop().execute(this::close);
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (Service s : services) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("SecureNAT of hub " + context.hub() + ": closing " + s.getClass().getSimpleName() + " failed: " + e);
            }
        }
        pending.values().forEach(p -> p.packets.forEach(ByteBuf::release));
        pending.clear();
        log.info("SecureNAT of hub " + context.hub() + " stopped");
    }

    /** One tick: what the scheduled ticker runs; tests call it after moving their clock. */
    public void tick() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        for (Service s : services) {
            s.tick(now);
        }
        expireArp(now);
        saveLog.tick(now);
    }

    // ---- Host ----

    @Override
    public HostConfig config() {
        return config;
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    @Override
    public Io io() {
        return io;
    }

    @Override
    public NatLog log() {
        return log;
    }

    @Override
    public SaveLog saveLog() {
        return saveLog;
    }

    @Override
    public ByteBuf ipBuffer(int ipLength) {
        ByteBuf b = alloc.buffer(Ethernet.HEADER + ipLength);
        b.setIndex(Ethernet.HEADER, Ethernet.HEADER);
        return b;
    }

    @Override
    public void sendIp(ByteBuf packet) {
        int dst = Ipv4.dst(packet, packet.readerIndex());
        if (dst == Ip4.BROADCAST || (config.onLink(dst) && (dst | config.mask()) == -1)) {
            sendEthernet(packet, Mac.BROADCAST);
            return;
        }
        Neighbour n = neighbours.get(dst);
        if (n != null) {
            sendEthernet(packet, n.mac());
            return;
        }
        long now = clock.getAsLong();
        Pending p = pending.get(dst);
        if (p == null) {
            if (pending.size() >= PENDING_ADDRESSES || !config.onLink(dst)) {
                packet.release();
                return;
            }
            p = new Pending(now);
            pending.put(dst, p);
            askArp(dst);
        }
        if (p.packets.size() >= PENDING_PER_ADDRESS) {
            packet.release();
        } else {
            p.packets.add(packet);
        }
    }

    @Override
    public void sendFrame(ByteBuf frame) {
        context.toHub(frame);
    }

    @Override
    public int nextIpId() {
        ipId = (ipId + 1) & 0xFFFF;
        return ipId;
    }

    @Override
    public int nextSessionId() {
        return ++sessionId;
    }

    @Override
    public boolean openFlow(int client, NatProtocol protocol) {
        int[] mine = flowsByClient.computeIfAbsent(client, c -> new int[1]);
        if (mine[0] >= limits.perClient() || flows >= limits.total()) {
            flowsRefused++;
            if (mine[0] == 0) {
                flowsByClient.remove(client);
            }
            long now = clock.getAsLong();
            Long last = refusalLogged.get(client);
            if (last == null || now - last >= REFUSAL_LOG_NANOS) {
                refusalLogged.put(client, now);
                log.warn("SecureNAT of hub " + context.hub() + ": client " + Ip4.format(client) + " reached "
                        + (mine[0] >= limits.perClient() ? "its limit of " + limits.perClient() + " NAT sessions"
                                : "the NAT's limit of " + limits.total() + " sessions")
                        + "; new " + protocol + " sessions are refused");
            }
            return false;
        }
        mine[0]++;
        flows++;
        flowsByProtocol.get(protocol)[0]++;
        return true;
    }

    @Override
    public void closeFlow(int client, NatProtocol protocol) {
        int[] mine = flowsByClient.get(client);
        if (mine == null) {
            return;
        }
        if (--mine[0] <= 0) {
            flowsByClient.remove(client);
        }
        flows--;
        flowsByProtocol.get(protocol)[0]--;
    }

    @Override
    public void dropped(String reason) {
        framesDropped++;
    }

    @Override
    public long stationMac(int ip) {
        Neighbour n = neighbours.get(ip);
        return n == null ? 0 : n.mac();
    }

    @Override
    public void forgetStation(int ip, long mac) {
        Neighbour n = neighbours.get(ip);
        if (n != null && n.mac() == mac) {
            neighbours.remove(ip);
        }
    }

    @Override
    public String hostName(int ip) {
        return leases == null ? "" : leases.hostName(ip);
    }

    // ---- frames ----

    private void handle(ByteBuf frame) {
        int base = frame.readerIndex();
        int length = frame.readableBytes();
        if (length < Ethernet.HEADER) {
            dropped("runt frame");
            return;
        }
        long dst = Mac.read(frame, base + Ethernet.DST);
        long src = Mac.read(frame, base + Ethernet.SRC);
        if (dst != config.mac() && dst != Mac.BROADCAST) {
            return; // flooded to every port: another station's frame, or multicast SecureNAT does not serve
        }
        if (Mac.isGroup(src) || src == 0) {
            dropped("bad source MAC");
            return;
        }
        // the configured MTU is what the host sends and advertises; a client whose own MTU is larger
        // (it ignored DHCP's option 26) is still served, up to Ethernet's 1500
        if (length > Ethernet.HEADER + HostConfig.MAX_MTU) {
            dropped("frame larger than 1514 bytes");
            return;
        }
        switch (frame.getUnsignedShort(base + Ethernet.TYPE)) {
            case Ethernet.TYPE_ARP -> arp(frame, base + Ethernet.HEADER, length - Ethernet.HEADER, src);
            case Ethernet.TYPE_IPV4 -> ipv4(frame, base + Ethernet.HEADER, length - Ethernet.HEADER, src, dst == Mac.BROADCAST);
            default -> {
                // IPv6 and others: SecureNAT is IPv4 only, as SoftEther's
            }
        }
    }

    private void arp(ByteBuf f, int arp, int available, long srcMac) {
        if (available < Arp.LENGTH || !Arp.isIpv4OverEthernet(f, arp)) {
            dropped("malformed ARP");
            return;
        }
        int op = Arp.op(f, arp);
        int senderIp = Arp.senderIp(f, arp);
        if (Arp.senderMac(f, arp) != srcMac) {
            dropped("ARP sender is not the frame's source");
            return;
        }
        learn(senderIp, srcMac);
        if (op == Arp.REQUEST && Arp.targetIp(f, arp) == config.ip() && senderIp != config.ip()) {
            context.toHub(Arp.frame(alloc, Arp.REPLY, config.mac(), config.ip(), srcMac, senderIp));
        } else if (op != Arp.REQUEST && op != Arp.REPLY) {
            dropped("unknown ARP operation");
        }
    }

    private void ipv4(ByteBuf f, int ip, int available, long srcMac, boolean broadcast) {
        String bad = Ipv4.check(f, ip, available);
        if (bad == null && Ipv4.isFragment(f, ip)) {
            bad = "IPv4 fragment"; // SecureNAT does not reassemble: clients with a 1500-byte path send none
        }
        if (bad == null) {
            bad = Transport.check(f, ip);
        }
        if (bad != null) {
            dropped(bad);
            return;
        }
        int src = Ipv4.src(f, ip);
        int dst = Ipv4.dst(f, ip);
        int protocol = Ipv4.protocol(f, ip);
        learn(src, srcMac);
        if (dst == config.ip()) {
            toHost(f, ip, srcMac, protocol);
        } else if (dst == Ip4.BROADCAST || (config.onLink(dst) && (dst | config.mask()) == -1)) {
            if (protocol == Ipv4.UDP) {
                PacketHandler h = hostUdp.get(f.getUnsignedShort(Ipv4.payload(f, ip) + 2));
                if (h != null) {
                    h.packet(f, ip, srcMac);
                }
            }
        } else if (!broadcast && config.nat() && !config.onLink(dst) && src != 0) {
            if (!routable(dst)) {
                dropped("destination not reachable through the NAT");
                return;
            }
            PacketHandler h = nat[protocol];
            if (h != null) {
                h.packet(f, ip, srcMac);
            } else {
                dropped("no NAT for IP protocol " + protocol);
            }
        }
    }

    /** Not 0.0.0.0/8, multicast or reserved (224/3), nor, unless allowed, the server's loopback. */
    private boolean routable(int dst) {
        int first = dst >>> 24;
        return first != 0 && first < 224 && (first != 127 || loopbackAllowed);
    }

    private void toHost(ByteBuf f, int ip, long srcMac, int protocol) {
        int p = Ipv4.payload(f, ip);
        if (protocol == Ipv4.ICMP) {
            if (f.getUnsignedByte(p) == 8 && f.getUnsignedByte(p + 1) == 0) {
                echoReply(f, ip);
            }
        } else if (protocol == Ipv4.UDP) {
            PacketHandler h = hostUdp.get(f.getUnsignedShort(p + 2));
            if (h != null) {
                h.packet(f, ip, srcMac);
            }
        }
    }

    /** The virtual host answers ping itself: same identifier, sequence and data. */
    private void echoReply(ByteBuf f, int ip) {
        int p = Ipv4.payload(f, ip);
        int len = Ipv4.payloadLength(f, ip);
        ByteBuf out = ipBuffer(Ipv4.MIN_HEADER + len);
        Ipv4.writeHeader(out, nextIpId(), Ipv4.DEFAULT_TTL, Ipv4.ICMP, config.ip(), Ipv4.src(f, ip), len);
        int icmp = out.writerIndex();
        out.writeBytes(f, p, len);
        out.setByte(icmp, 0);
        out.setShort(icmp + 2, 0);
        out.setShort(icmp + 2, Checksum.finish(Checksum.add(0, out, icmp, len)));
        sendIp(out);
    }

    private void learn(int ip, long mac) {
        if (ip == 0 || ip == config.ip() || !config.onLink(ip) || (ip | config.mask()) == -1) {
            return;
        }
        long now = clock.getAsLong();
        Neighbour old = neighbours.get(ip);
        if (old == null && neighbours.size() >= ARP_MAX_ENTRIES) {
            return;
        }
        if (old == null || old.mac() != mac || now - old.seen() > TimeUnit.SECONDS.toNanos(1)) {
            neighbours.put(ip, new Neighbour(mac, now));
        }
        Pending p = pending.remove(ip);
        if (p != null) {
            for (ByteBuf packet : p.packets) {
                sendEthernet(packet, mac);
            }
        }
    }

    private void askArp(int ip) {
        context.toHub(Arp.frame(alloc, Arp.REQUEST, config.mac(), config.ip(), 0, ip));
    }

    private void expireArp(long now) {
        neighbours.values().removeIf(n -> now - n.seen() > ARP_EXPIRY_NANOS);
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Pending> e = it.next();
            Pending p = e.getValue();
            if (now - p.since > ARP_GIVE_UP_NANOS) {
                p.packets.forEach(ByteBuf::release);
                it.remove();
            } else if (now - p.asked >= ARP_RETRY_NANOS) {
                p.asked = now;
                askArp(e.getKey());
            }
        }
        refusalLogged.values().removeIf(t -> now - t > REFUSAL_LOG_NANOS);
    }

    /** Puts the Ethernet header in front of an IPv4 packet (in its headroom when there is some) and sends it. */
    private void sendEthernet(ByteBuf packet, long dstMac) {
        ByteBuf frame;
        int r = packet.readerIndex();
        if (r >= Ethernet.HEADER) {
            frame = packet;
            frame.readerIndex(r - Ethernet.HEADER);
            int i = frame.readerIndex();
            Mac.write(frame, i + Ethernet.DST, dstMac);
            Mac.write(frame, i + Ethernet.SRC, config.mac());
            frame.setShort(i + Ethernet.TYPE, Ethernet.TYPE_IPV4);
        } else {
            frame = alloc.buffer(Ethernet.HEADER + packet.readableBytes());
            Ethernet.writeHeader(frame, dstMac, config.mac(), Ethernet.TYPE_IPV4);
            frame.writeBytes(packet);
            packet.release();
        }
        context.toHub(frame);
    }

    private int count(NatProtocol p) {
        return flowsByProtocol.get(p)[0];
    }

    private int leaseCount() {
        if (leases == null) {
            return 0;
        }
        List<DhcpLease> out = new ArrayList<>();
        leases.leases(out);
        return out.size();
    }

    /** Runs a read of the loop's state on the loop (the admin calls from its own thread). */
    private <T> T onLoop(Callable<T> read, T whenStopped) {
        try {
            if (io == null || io.loop().inEventLoop()) {
                return read.call();
            }
            if (io.loop().isShuttingDown()) {
                return whenStopped;
            }
            return io.loop().submit(read).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return whenStopped;
        } catch (Exception e) {
            log.warn("SecureNAT of hub " + context.hub() + ": reading its state failed: " + e);
            return whenStopped;
        }
    }
}
