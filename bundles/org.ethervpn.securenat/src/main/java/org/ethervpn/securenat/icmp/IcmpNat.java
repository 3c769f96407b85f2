package org.ethervpn.securenat.icmp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.PacketHandler;
import org.ethervpn.securenat.engine.Service;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.udp.Clock;
import org.ethervpn.securenat.udp.IpOut;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The ICMP NAT: clients' echo requests to hosts off the subnet go out through one ICMP socket of the
 * hub ({@link IcmpSocket}), with our own sequence numbers so answers map back to the client, its
 * identifier and its sequence. One reader thread per hub waits on the socket and hands answers to
 * the engine's loop. A flow is (client, identifier, destination), idle after 10 s as SoftEther's.
 * When the process may open no ICMP socket, the echo is answered by SecureNAT itself on the
 * destination's behalf, as SoftEther's user-mode NAT does, and why is logged once. A request with
 * TTL 1 gets Time Exceeded from the virtual host, as from a router.
 */
public final class IcmpNat implements PacketHandler, Service {
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Answers read but not yet taken by the loop. */
    static final int MAX_QUEUED = 1024;
    private static final int ECHO_REPLY = 0;
    private static final int ECHO_REQUEST = 8;
    private static final int TIME_EXCEEDED = 11;

    private final Host host;
    private final Map<Key, Flow> flows = new HashMap<>();
    private final Map<Integer, Sent> sent = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int identifier = new SplittableRandom().nextInt(1, 0x10000);
    private IcmpSocket socket;
    private Thread reader;
    private volatile boolean closed;
    private boolean unavailable;
    private int sequence;

    public IcmpNat(Host host) {
        this(host, true);
    }

    /** @param sockets false: never open an ICMP socket, answer every echo here (what happens without the right) */
    IcmpNat(Host host, boolean sockets) {
        this.host = host;
        this.unavailable = !sockets;
    }

    private record Key(int client, int clientId, int dst) {
    }

    private record Sent(Flow flow, int clientSequence, long at) {
    }

    private final class Flow {
        final int client;
        final int clientId;
        final int dst;
        final int session = host.nextSessionId();
        final long created = host.nanoTime();
        long last = created;
        long sentBytes;
        long receivedBytes;
        boolean closed;

        Flow(int client, int clientId, int dst) {
            this.client = client;
            this.clientId = clientId;
            this.dst = dst;
        }

        void close() {
            if (!closed) {
                closed = true;
                host.closeFlow(client, NatProtocol.ICMP);
            }
        }
    }

    @Override
    public void packet(ByteBuf frame, int ip, long srcMac) {
        int p = Ipv4.payload(frame, ip);
        int length = Ipv4.payloadLength(frame, ip);
        if (frame.getUnsignedByte(p) != ECHO_REQUEST || frame.getUnsignedByte(p + 1) != 0) {
            host.dropped("ICMP other than echo request to the NAT");
            return;
        }
        int client = Ipv4.src(frame, ip);
        int dst = Ipv4.dst(frame, ip);
        if (Ipv4.ttl(frame, ip) <= 1) {
            timeExceeded(frame, ip, client);
            return;
        }
        if (!ensureSocket()) {
            answerOurselves(frame, p, length, client, dst);
            return;
        }
        int clientId = frame.getUnsignedShort(p + 4);
        Key key = new Key(client, clientId, dst);
        Flow flow = flows.get(key);
        if (flow == null) {
            if (!host.openFlow(client, NatProtocol.ICMP)) {
                return;
            }
            flow = new Flow(client, clientId, dst);
            flows.put(key, flow);
        }
        sequence = (sequence + 1) & 0xFFFF;
        byte[] icmp = new byte[length];
        frame.getBytes(p, icmp);
        icmp[2] = 0;
        icmp[3] = 0;
        icmp[4] = (byte) (identifier >>> 8); // a ping socket puts its own
        icmp[5] = (byte) identifier;
        icmp[6] = (byte) (sequence >>> 8);
        icmp[7] = (byte) sequence;
        int sum = Checksum.finish(Checksum.add(0, Unpooled.wrappedBuffer(icmp), 0, length));
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        flow.last = host.nanoTime();
        flow.sentBytes += length;
        sent.put(sequence, new Sent(flow, frame.getUnsignedShort(p + 6), flow.last));
        if (!socket.send(dst, icmp)) {
            host.dropped("ICMP socket refused an echo request");
        }
    }

    private boolean ensureSocket() {
        if (socket != null) {
            return true;
        }
        if (unavailable || closed) {
            return false;
        }
        try {
            socket = IcmpSocket.open();
        } catch (IOException | RuntimeException | LinkageError e) {
            unavailable = true;
            host.log().warn("SecureNAT ICMP: " + e.getMessage() + "; echo requests are answered by SecureNAT itself");
            return false;
        }
        host.log().info("SecureNAT ICMP: echo requests go out through a " + (socket.raw() ? "raw" : "ping") + " socket");
        if (host.io() == null) {
            return true; // socket-free test: the loop below is theirs to drive
        }
        IcmpSocket s = socket;
        reader = Thread.ofPlatform().daemon().name("ethervpn-securenat-icmp").start(() -> read(s));
        return true;
    }

    /** The reader thread: waits on the socket, reads what is there, hands each echo reply to the loop. */
    private void read(IcmpSocket s) {
        byte[] buf = new byte[65536];
        try {
            while (!closed) {
                if (!s.await(250)) {
                    continue;
                }
                for (int n; !closed && (n = s.receive(buf)) > 0;) {
                    byte[] reply = reply(buf, n, s.raw());
                    if (reply == null || queued.incrementAndGet() > MAX_QUEUED) {
                        if (reply != null) {
                            queued.decrementAndGet();
                        }
                        continue;
                    }
                    int from = s.lastSender();
                    try {
                        host.io().loop().execute(() -> {
                            queued.decrementAndGet();
                            answer(from, reply);
                        });
                    } catch (RejectedExecutionException e) {
                        return; // the loop is shutting down: so is SecureNAT
                    }
                }
            }
        } finally {
            s.close();
        }
    }

    /** The echo reply in a received message (raw: after the IP header, with our identifier), or null. */
    private byte[] reply(byte[] m, int n, boolean raw) {
        int at = 0;
        if (raw) {
            at = (m[0] & 0x0F) * 4;
            if (n < at + 8 || (m[0] & 0xF0) != 0x40 || ((m[at + 4] & 0xFF) << 8 | (m[at + 5] & 0xFF)) != identifier) {
                return null;
            }
        }
        if (n < at + 8 || m[at] != ECHO_REPLY || m[at + 1] != 0) {
            return null;
        }
        byte[] out = new byte[n - at];
        System.arraycopy(m, at, out, 0, out.length);
        return out;
    }

    /** On the loop: an echo reply from {@code from} back to the client that asked. */
    private void answer(int from, byte[] icmp) {
        Sent s = sent.get((icmp[6] & 0xFF) << 8 | (icmp[7] & 0xFF));
        if (closed || s == null || s.flow().closed || s.flow().dst != from) {
            return;
        }
        Flow f = s.flow();
        sent.remove((icmp[6] & 0xFF) << 8 | (icmp[7] & 0xFF));
        f.last = host.nanoTime();
        // SoftEther counts what its raw socket reads, the IPv4 header included; a ping socket hands us
        // the ICMP message alone, so its (option-less) header is added back.
        f.receivedBytes += Ipv4.MIN_HEADER + icmp.length;
        ByteBuf out = host.ipBuffer(Ipv4.MIN_HEADER + icmp.length);
        int ip = out.writerIndex();
        out.writerIndex(ip + Ipv4.MIN_HEADER);
        int p = out.writerIndex();
        out.writeBytes(icmp);
        out.setShort(p + 2, 0);
        out.setShort(p + 4, f.clientId);
        out.setShort(p + 6, s.clientSequence());
        out.setShort(p + 2, Checksum.finish(Checksum.add(0, out, p, icmp.length)));
        IpOut.send(host, Ipv4.ICMP, from, f.client, Ipv4.DEFAULT_TTL, out, ip);
    }

    /** No ICMP socket: the echo comes back from the destination's address, made here (SoftEther's user mode). */
    private void answerOurselves(ByteBuf frame, int p, int length, int client, int dst) {
        ByteBuf out = host.ipBuffer(Ipv4.MIN_HEADER + length);
        int ip = out.writerIndex();
        out.writerIndex(ip + Ipv4.MIN_HEADER);
        int q = out.writerIndex();
        out.writeBytes(frame, p, length);
        out.setByte(q, ECHO_REPLY);
        out.setShort(q + 2, 0);
        out.setShort(q + 2, Checksum.finish(Checksum.add(0, out, q, length)));
        IpOut.send(host, Ipv4.ICMP, dst, client, Ipv4.DEFAULT_TTL, out, ip);
    }

    /** Time Exceeded from the virtual host, quoting the request's IP header and first 8 bytes (RFC 792). */
    private void timeExceeded(ByteBuf frame, int ip, int client) {
        int quoted = Ipv4.headerLength(frame, ip) + 8;
        ByteBuf out = host.ipBuffer(Ipv4.MIN_HEADER + 8 + quoted);
        int h = out.writerIndex();
        out.writerIndex(h + Ipv4.MIN_HEADER);
        int q = out.writerIndex();
        out.writeByte(TIME_EXCEEDED).writeByte(0).writeShort(0).writeInt(0);
        out.writeBytes(frame, ip, quoted);
        out.setShort(q + 2, Checksum.finish(Checksum.add(0, out, q, 8 + quoted)));
        IpOut.send(host, Ipv4.ICMP, host.config().ip(), client, Ipv4.DEFAULT_TTL, out, h);
    }

    @Override
    public void tick(long now) {
        sent.values().removeIf(s -> now - s.at() > IDLE_NANOS || s.flow().closed);
        for (Flow f : new ArrayList<>(flows.values())) {
            if (now - f.last > IDLE_NANOS) {
                f.close();
            }
        }
        flows.values().removeIf(f -> f.closed);
    }

    @Override
    public void sessions(List<NatEntry> out) {
        for (Flow f : flows.values()) {
            out.add(new NatEntry(f.session, NatProtocol.ICMP, Ip4.format(f.client), host.hostName(f.client), f.clientId,
                    Ip4.format(f.dst), "", f.clientId, Clock.wall(host, f.created), Clock.wall(host, f.last),
                    f.sentBytes, f.receivedBytes, null));
        }
    }

    @Override
    public void close() {
        closed = true;
        flows.values().forEach(Flow::close);
        flows.clear();
        sent.clear();
        if (reader == null && socket != null) {
            socket.close(); // no reader thread owns it
        }
        socket = null;
    }

    /** Whether echo requests go out through a real socket (false: answered by SecureNAT). */
    public boolean forwarding() {
        return socket != null;
    }
}
