package org.ethervpn.securenat.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.PacketHandler;
import org.ethervpn.securenat.engine.Service;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.udp.Clock;
import org.ethervpn.securenat.udp.IpOut;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * The DNS proxy of the virtual host (UDP 53, SoftEther's NatDns). SoftEther resolves the asked name
 * itself through the OS; we forward the client's query as it is to the server's own nameservers
 * instead, so every record type (AAAA, MX, TXT, DNSSEC, EDNS) works, and relay the answer with the
 * virtual host as its source. Each query gets a fresh random id on the shared socket (clients'
 * own ids may collide) and is a DNS flow of its client until answered or timed out. With no
 * nameserver, or none answering, the client gets SERVFAIL.
 */
public final class DnsProxy implements PacketHandler, Service {
    public static final int PORT = 53;
    /** Try the next nameserver after this long without an answer. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Then give up and answer SERVFAIL. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Queries in flight for the whole hub (each is also a flow of its client). */
    static final int MAX_PENDING = 4096;

    private final Host host;
    private final Supplier<List<InetSocketAddress>> resolvers;
    private final Map<Integer, Query> pending = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();
    private Channel channel;
    private boolean bound;
    private boolean closed;

    private final class Query {
        final int client;
        final int clientPort;
        final int clientId;
        final String name;
        final int questionEnd;
        final byte[] message; // with our id
        final List<InetSocketAddress> servers;
        final int session = host.nextSessionId();
        final long created = host.nanoTime();
        long sentAt = created;
        int server;
        boolean sent;

        Query(int client, int clientPort, int clientId, String name, int questionEnd, byte[] message,
                List<InetSocketAddress> servers) {
            this.client = client;
            this.clientPort = clientPort;
            this.clientId = clientId;
            this.name = name;
            this.questionEnd = questionEnd;
            this.message = message;
            this.servers = servers;
        }
    }

    public DnsProxy(Host host, Supplier<List<InetSocketAddress>> resolvers) {
        this.host = host;
        this.resolvers = resolvers;
    }

    @Override
    public void packet(ByteBuf frame, int ip, long srcMac) {
        int u = Ipv4.payload(frame, ip);
        int client = Ipv4.src(frame, ip);
        int clientPort = frame.getUnsignedShort(u);
        int m = u + 8;
        int length = frame.getUnsignedShort(u + 4) - 8;
        if (Ipv4.dst(frame, ip) != host.config().ip()) {
            return; // a broadcast to port 53: not a query to us
        }
        DnsMessage.Question q = DnsMessage.query(frame, m, length);
        if (q == null) {
            host.dropped("not a DNS query SecureNAT answers");
            return;
        }
        List<InetSocketAddress> servers = resolvers.get();
        if (servers.isEmpty() || host.io() == null || closed) {
            servFail(client, clientPort, frame, m, q.end());
            return;
        }
        if (pending.size() >= MAX_PENDING || !host.openFlow(client, NatProtocol.DNS)) {
            return; // as any refused flow: dropped, the client's resolver retries
        }
        int id = freshId();
        byte[] message = new byte[length];
        frame.getBytes(m, message);
        message[0] = (byte) (id >>> 8);
        message[1] = (byte) id;
        Query query = new Query(client, clientPort, DnsMessage.id(frame, m), q.name(), q.end(), message, servers);
        pending.put(id, query);
        if (bound) {
            send(query);
        } else {
            open();
        }
    }

    private int freshId() {
        int id;
        do {
            id = random.nextInt(0x10000);
        } while (pending.containsKey(id));
        return id;
    }

    private void open() {
        if (channel != null) {
            return; // binding: queries go out when it is done
        }
        try {
            ChannelFuture f = new Bootstrap().group(host.io().loop()).channel(host.io().datagram())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, IpOut.DATAGRAM_RECEIVE)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>(false) {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                            answer(msg);
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            // e.g. port unreachable from a dead nameserver: the retry and the timeout handle it
                        }
                    })
                    .bind(new InetSocketAddress(0));
            channel = f.channel();
            if (f.isDone()) {
                bound(f);
            } else {
                f.addListener((ChannelFuture done) -> bound(done));
            }
        } catch (RuntimeException e) {
            host.log().warn("SecureNAT DNS proxy: cannot open a socket: " + e);
            channel = null;
        }
    }

    private void bound(ChannelFuture f) {
        if (closed) {
            return;
        }
        if (!f.isSuccess()) {
            host.log().warn("SecureNAT DNS proxy: cannot open a socket: " + f.cause());
            channel = null;
            return; // the queries time out into SERVFAIL; the next query tries again
        }
        bound = true;
        for (Query q : pending.values()) {
            if (!q.sent) {
                send(q);
            }
        }
    }

    private void send(Query q) {
        q.sent = true;
        q.sentAt = host.nanoTime();
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(q.message), q.servers.get(q.server)),
                channel.voidPromise());
    }

    /** A datagram on the proxy's socket: an answer to relay if it matches a query in flight. */
    private void answer(DatagramPacket msg) {
        try {
            ByteBuf b = msg.content();
            int m = b.readerIndex();
            int length = b.readableBytes();
            if (length < DnsMessage.HEADER || !DnsMessage.isResponse(b, m)) {
                return;
            }
            int id = DnsMessage.id(b, m);
            Query q = pending.get(id);
            if (q == null || !q.servers.contains(msg.sender())) {
                return; // late, duplicate, or not from a nameserver we asked
            }
            DnsMessage.Question asked = DnsMessage.question(b, m, length);
            if (asked != null && !asked.name().equalsIgnoreCase(q.name)) {
                return; // an answer to something else: not ours
            }
            b.setShort(m, q.clientId);
            IpOut.udp(host, host.config().ip(), PORT, q.client, q.clientPort, b, m, length);
            finish(id, q);
        } finally {
            msg.release();
        }
    }

    @Override
    public void tick(long now) {
        for (Map.Entry<Integer, Query> e : new ArrayList<>(pending.entrySet())) {
            Query q = e.getValue();
            if (now - q.created > TIMEOUT_NANOS) {
                servFail(q.client, q.clientPort, Unpooled.wrappedBuffer(q.message).setShort(0, q.clientId), 0, q.questionEnd);
                finish(e.getKey(), q);
            } else if (bound && q.sent && now - q.sentAt > RETRY_NANOS && q.server + 1 < q.servers.size()) {
                q.server++;
                send(q);
            }
        }
    }

    private void finish(int id, Query q) {
        pending.remove(id);
        host.closeFlow(q.client, NatProtocol.DNS);
    }

    private void servFail(int client, int clientPort, ByteBuf query, int m, int questionEnd) {
        ByteBuf answer = Unpooled.buffer(questionEnd);
        DnsMessage.servFail(query, m, questionEnd, answer);
        IpOut.udp(host, host.config().ip(), PORT, client, clientPort, answer, 0, answer.readableBytes());
    }

    @Override
    public void sessions(List<NatEntry> out) {
        for (Query q : pending.values()) {
            InetSocketAddress s = q.servers.get(q.server);
            out.add(new NatEntry(q.session, NatProtocol.DNS, Ip4.format(q.client), host.hostName(q.client), q.clientPort,
                    s.getAddress().getHostAddress(), q.name, s.getPort(), Clock.wall(host, q.created),
                    Clock.wall(host, q.sentAt), q.message.length, 0, null));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Map.Entry<Integer, Query> e : new ArrayList<>(pending.entrySet())) {
            finish(e.getKey(), e.getValue());
        }
        if (channel != null) {
            channel.close();
        }
    }
}
