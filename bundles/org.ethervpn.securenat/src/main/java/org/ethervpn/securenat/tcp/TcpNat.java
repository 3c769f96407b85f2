package org.ethervpn.securenat.tcp;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.NatProtocol;
import org.ethervpn.securenat.engine.Engine;
import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.PacketHandler;
import org.ethervpn.securenat.engine.Service;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;

import io.netty.buffer.ByteBuf;

/**
 * The TCP NAT of one engine: a {@link TcpConnection} per client flow, each relayed to a socket of
 * the server. ACKs held back and writes to the sockets are flushed once per batch of frames (a task
 * queued behind the frames on the loop), so a burst of segments costs one ACK per two segments and
 * one socket write.
 */
public final class TcpNat implements PacketHandler, Service {
    /** One client flow: the client's address and port, the destination's. */
    record Flow(int client, int clientPort, int dst, int dstPort) {
    }

    /** Bytes from destinations held for all clients of the hub before sockets stop being read (each flow has its own bound too). */
    static final long BUDGET = 64L << 20;

    final Host host;
    /** Bytes held for clients (sum of the connections' queues). */
    long queued;
    private final long budget;
    private final ArrayList<TcpConnection> starved = new ArrayList<>();
    private final Function<TcpConnection, Relay> relays;
    /** Our initial sequence numbers: random (tests set their own). */
    IntSupplier iss = () -> ThreadLocalRandom.current().nextInt();
    private final Map<Flow, TcpConnection> flows = new HashMap<>();
    private final ArrayDeque<TcpConnection> dirty = new ArrayDeque<>();
    private final List<TcpConnection> ticking = new ArrayList<>();
    private boolean flushQueued;

    TcpNat(Host host, Function<TcpConnection, Relay> relays, long budget) {
        this.host = host;
        this.relays = relays;
        this.budget = budget;
    }

    boolean overBudget() {
        return queued >= budget;
    }

    /** A flow paused (by its own bound or the budget): resumed by its ACKs, or here when the budget frees up. */
    void starving(TcpConnection c) {
        if (overBudget()) {
            starved.add(c);
        }
    }

    /** Bytes were acknowledged: below three quarters of the budget, flows paused by it read again. */
    void released() {
        if (!starved.isEmpty() && queued < budget / 4 * 3) {
            for (TcpConnection c : starved) {
                c.resume();
            }
            starved.clear();
        }
    }

    /** Adds the TCP NAT to an engine whose NAT is on, with relays on the engine's loop. */
    public static void install(Engine engine) {
        if (engine.config().nat() && engine.io() != null) {
            TcpNat nat = new TcpNat(engine, c -> NettyRelay.connect(engine.io(), c), BUDGET);
            engine.nat(Ipv4.TCP, nat).service(nat);
        }
    }

    @Override
    public void packet(ByteBuf f, int ip, long srcMac) {
        int tcp = Ipv4.payload(f, ip);
        int offset = Segments.dataOffset(f, tcp);
        int data = tcp + offset;
        int len = Ipv4.payloadLength(f, ip) - offset;
        Flow flow = new Flow(Ipv4.src(f, ip), f.getUnsignedShort(tcp), Ipv4.dst(f, ip), f.getUnsignedShort(tcp + 2));
        int flags = f.getUnsignedByte(tcp + 13);
        TcpConnection c = flows.get(flow);
        if (c != null && c.phase == TcpConnection.Phase.TIME_WAIT && (flags & (Segments.SYN | Segments.ACK)) == Segments.SYN) {
            c.end(); // the client reuses the port: a new connection
            c = null;
        }
        if (c != null) {
            c.input(f, tcp, data, len);
        } else if ((flags & (Segments.SYN | Segments.ACK | Segments.RST | Segments.FIN)) != Segments.SYN
                || flow.clientPort() == 0 || flow.dstPort() == 0 || !host.openFlow(flow.client(), NatProtocol.TCP)) {
            Segments.refuse(host, f, ip);
        } else {
            long options = Segments.synOptions(f, tcp);
            c = new TcpConnection(this, flow, f.getInt(tcp + 4), (int) (options >> 32), (int) options,
                    iss.getAsInt());
            flows.put(flow, c);
            host.saveLog().flowOpened(c.created, NatProtocol.TCP, c.id, flow.client(), flow.clientPort(), flow.dst(),
                    flow.dstPort());
            c.relay = relays.apply(c);
        }
        if (host.io() == null) {
            flush(); // socket-free tests: every frame is its own batch
        }
    }

    /** Asks for {@link TcpConnection#flush()} at the end of this batch of frames. */
    void flushLater(TcpConnection c) {
        if (c.dirty) {
            return;
        }
        c.dirty = true;
        dirty.add(c);
        if (!flushQueued && host.io() != null) {
            flushQueued = true;
            host.io().loop().execute(this::flush);
        }
    }

    void flush() {
        flushQueued = false;
        TcpConnection c;
        while ((c = dirty.poll()) != null) {
            c.dirty = false;
            c.flush();
        }
    }

    /** Called once by a connection that ended. */
    void removed(TcpConnection c) {
        starved.remove(c);
        released();
        if (flows.remove(c.flow) == c) {
            host.closeFlow(c.flow.client(), NatProtocol.TCP);
        }
        long now = host.nanoTime();
        host.saveLog().flowEnded(now, NatProtocol.TCP, c.id, c.flow.client(), c.flow.clientPort(), c.flow.dst(),
                c.flow.dstPort(), c.failed ? "could not connect" : "ended", c.sendBytes, c.recvBytes, now - c.created);
    }

    @Override
    public void tick(long now) {
        long idle = TimeUnit.SECONDS.toNanos(host.config().tcpTimeoutSeconds());
        ticking.addAll(flows.values());
        for (TcpConnection c : ticking) {
            c.tick(now, idle);
        }
        ticking.clear();
    }

    @Override
    public void sessions(List<NatEntry> out) {
        Instant wall = Instant.now();
        long now = host.nanoTime();
        for (TcpConnection c : flows.values()) {
            Flow f = c.flow;
            out.add(new NatEntry(c.id, NatProtocol.TCP, Ip4.format(f.client()), host.hostName(f.client()), f.clientPort(),
                    Ip4.format(f.dst()), "", f.dstPort(), wall.minusNanos(now - c.created), wall.minusNanos(now - c.last),
                    c.sendBytes, c.recvBytes, c.state()));
        }
    }

    @Override
    public void close() {
        for (TcpConnection c : new ArrayList<>(flows.values())) {
            c.relay.reset();
            c.end();
        }
        dirty.clear();
    }

    int size() {
        return flows.size();
    }
}
