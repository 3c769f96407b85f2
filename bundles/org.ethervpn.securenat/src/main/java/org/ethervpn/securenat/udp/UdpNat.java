package org.ethervpn.securenat.udp;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.PacketHandler;
import org.ethervpn.securenat.engine.Service;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;

/**
 * The UDP NAT. Each client UDP endpoint (address:port) gets one server socket on an ephemeral port
 * (endpoint-independent mapping, so one client port talking to several servers, e.g. STUN, keeps
 * one public port). Like SoftEther's NAT, an answer is let in only from an address the flow has sent
 * to (any port of it), and is delivered from the address and port it really came from. A flow ends
 * after {@code udpTimeoutSeconds} without traffic either way.
 */
public final class UdpNat implements PacketHandler, Service {
    /** Datagrams held while a new socket binds, and bytes queued on a socket, per flow. */
    static final int MAX_WAITING = 64;
    static final int WRITE_HIGH_WATER = 256 * 1024;
    /** Addresses one flow may hear from (the most recent ones it sent to). */
    static final int MAX_PEERS = 64;

    private final Host host;
    private final Map<Long, Flow> flows = new HashMap<>();
    private long refusedDatagrams;

    public UdpNat(Host host) {
        this.host = host;
    }

    private final class Flow extends SimpleChannelInboundHandler<DatagramPacket> {
        final int client;
        final int clientPort;
        final int id = host.nextSessionId();
        final long created = host.nanoTime();
        final LinkedHashSet<Integer> peers = new LinkedHashSet<>();
        final ArrayDeque<DatagramPacket> waiting = new ArrayDeque<>();
        long last = created;
        int lastDst;
        int lastDstPort;
        long sent;
        long received;
        Channel channel;
        boolean bound;
        boolean closed;

        Flow(int client, int clientPort) {
            super(false);
            this.client = client;
            this.clientPort = clientPort;
        }

        void out(int dst, int dstPort, ByteBuf data) {
            peers.remove(dst);
            peers.add(dst);
            if (peers.size() > MAX_PEERS) {
                peers.remove(peers.iterator().next());
            }
            lastDst = dst;
            lastDstPort = dstPort;
            last = host.nanoTime();
            sent += data.readableBytes();
            DatagramPacket d = new DatagramPacket(data, new InetSocketAddress(Inet.address(dst), dstPort));
            if (!bound) {
                if (waiting.size() >= MAX_WAITING) {
                    d.release();
                    host.dropped("UDP flow queue full");
                } else {
                    waiting.add(d);
                }
            } else if (!channel.isWritable()) {
                d.release(); // the socket cannot keep up: UDP may lose it, the client's protocol copes
                host.dropped("UDP socket busy");
            } else {
                channel.writeAndFlush(d, channel.voidPromise());
            }
        }

        void bound(ChannelFuture f) {
            if (closed) {
                return;
            }
            if (!f.isSuccess()) {
                host.log().warn("SecureNAT UDP: no socket for " + Ip4.format(client) + ":" + clientPort + ": " + f.cause());
                close();
                return;
            }
            bound = true;
            for (DatagramPacket d; (d = waiting.poll()) != null;) {
                channel.write(d, channel.voidPromise());
            }
            channel.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            try {
                InetSocketAddress from = msg.sender();
                int src = Inet.ipv4(from.getAddress());
                if (closed) {
                    return;
                }
                if (!peers.contains(src)) {
                    refusedDatagrams++; // an address this flow never sent to (SoftEther's rule too)
                    return;
                }
                ByteBuf data = msg.content();
                last = host.nanoTime();
                received += data.readableBytes();
                IpOut.udp(host, src, from.getPort(), client, clientPort, data, data.readerIndex(), data.readableBytes());
            } finally {
                msg.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface as read errors: the flow lives on until idle
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            flows.remove(key(client, clientPort));
            waiting.forEach(DatagramPacket::release);
            waiting.clear();
            if (channel != null) {
                channel.close();
            }
            host.closeFlow(client, NatProtocol.UDP);
            long now = host.nanoTime();
            host.saveLog().flowEnded(now, NatProtocol.UDP, id, client, clientPort, lastDst, lastDstPort, "ended", sent,
                    received, now - created);
        }

        NatEntry entry() {
            return new NatEntry(id, NatProtocol.UDP, Ip4.format(client), host.hostName(client), clientPort,
                    Ip4.format(lastDst), "", lastDstPort, Clock.wall(host, created), Clock.wall(host, last), sent,
                    received, null);
        }
    }

    @Override
    public void packet(ByteBuf frame, int ip, long srcMac) {
        int u = Ipv4.payload(frame, ip);
        int client = Ipv4.src(frame, ip);
        int clientPort = frame.getUnsignedShort(u);
        int dst = Ipv4.dst(frame, ip);
        int dstPort = frame.getUnsignedShort(u + 2);
        int length = frame.getUnsignedShort(u + 4) - 8;
        if (dstPort == 0 || clientPort == 0) {
            host.dropped("UDP port 0");
            return;
        }
        Flow flow = flows.get(key(client, clientPort));
        if (flow == null) {
            if (host.io() == null || !host.openFlow(client, NatProtocol.UDP)) {
                return;
            }
            flow = new Flow(client, clientPort);
            flows.put(key(client, clientPort), flow);
            host.saveLog().flowOpened(flow.created, NatProtocol.UDP, flow.id, client, clientPort, dst, dstPort);
            open(flow);
            if (flow.closed) {
                return;
            }
        }
        flow.out(dst, dstPort, frame.retainedSlice(u + 8, length));
    }

    private void open(Flow flow) {
        try {
            ChannelFuture f = new Bootstrap().group(host.io().loop()).channel(host.io().datagram())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, IpOut.DATAGRAM_RECEIVE)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(WRITE_HIGH_WATER / 2, WRITE_HIGH_WATER))
                    .handler(flow).bind(new InetSocketAddress(0));
            flow.channel = f.channel();
            if (f.isDone()) {
                flow.bound(f);
            } else {
                f.addListener((ChannelFuture done) -> flow.bound(done));
            }
        } catch (RuntimeException e) {
            host.log().warn("SecureNAT UDP: cannot open a socket: " + e);
            flow.close();
        }
    }

    @Override
    public void tick(long now) {
        long idle = TimeUnit.SECONDS.toNanos(host.config().udpTimeoutSeconds());
        for (Flow f : new ArrayList<>(flows.values())) {
            if (now - f.last > idle) {
                f.close();
            }
        }
    }

    @Override
    public void sessions(List<NatEntry> out) {
        for (Flow f : flows.values()) {
            out.add(f.entry());
        }
    }

    @Override
    public void close() {
        for (Flow f : new ArrayList<>(flows.values())) {
            f.close();
        }
    }

    /** Answers dropped because they came from an address the flow never sent to. */
    public long refusedDatagrams() {
        return refusedDatagrams;
    }

    private static long key(int ip, int port) {
        return (ip & 0xFFFF_FFFFL) << 16 | port;
    }
}
