package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.Frames;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A client speaking TCP to the NAT in frames, by hand: the test decides every segment, and reads
 * what the NAT sends back with {@link #take()}. Also the socket side's stand-in ({@link Sock}) that
 * records what the connection asks of it.
 */
final class TcpClient {
    static final long HOST = Mac.parse(EngineHarness.HOST_MAC);
    static final long MAC = 0x02_00_00_00_00_0AL;
    static final int IP = Ip4.parse("192.168.30.10");
    static final int DST = Ip4.parse("203.0.113.5");

    /** One segment the NAT sent. */
    record Seg(int srcPort, int dstPort, int seq, int ack, int flags, int window, byte[] options, byte[] data) {
        boolean has(int flag) {
            return (flags & flag) == flag;
        }
    }

    /** The socket side of one flow as the test drives it. */
    static final class Sock implements Relay {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int room = TcpConnection.RCV_WINDOW;
        boolean readable;
        boolean outputShut;
        boolean reset;
        boolean closed;
        int flushes;
        TcpConnection conn;

        @Override
        public void write(ByteBuf data) {
            byte[] b = new byte[data.readableBytes()];
            data.readBytes(b);
            data.release();
            written.writeBytes(b);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public int room() {
            return room;
        }

        @Override
        public void readable(boolean on) {
            readable = on;
        }

        @Override
        public void shutdownOutput() {
            outputShut = true;
        }

        @Override
        public void reset() {
            reset = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final EngineHarness h;
    final TcpNat nat;
    final int port;
    final int dst;
    final int dstPort;
    int seq = 1_000_000;
    int ack;

    private final List<Sock> socks;

    private TcpClient(EngineHarness h, TcpNat nat, List<Sock> socks, int port, int dst, int dstPort) {
        this.h = h;
        this.nat = nat;
        this.socks = socks;
        this.port = port;
        this.dst = dst;
        this.dstPort = dstPort;
    }

    /** A client of whatever TCP NAT the harness's engine has (e.g. the real one, with sockets). */
    static TcpClient of(EngineHarness h, int port, int dst, int dstPort) {
        return new TcpClient(h, null, List.of(), port, dst, dstPort);
    }

    /** A harness with a TCP NAT whose sockets are {@link Sock}s. */
    static TcpClient start(EngineHarness h, int port) {
        return start(h, port, TcpNat.BUDGET);
    }

    /** The same with a given budget for the bytes held for clients. */
    static TcpClient start(EngineHarness h, int port, long budget) {
        List<Sock> socks = new ArrayList<>();
        TcpNat nat = new TcpNat(h.engine, c -> {
            Sock s = new Sock();
            s.conn = c;
            socks.add(s);
            return s;
        }, budget);
        h.engine.nat(Ipv4.TCP, nat).service(nat);
        h.start();
        return new TcpClient(h, nat, socks, port, DST, 80);
    }

    /** Another client port on the same NAT. */
    TcpClient other(int otherPort) {
        return new TcpClient(h, nat, socks, otherPort, DST, 80);
    }

    Sock sock() {
        return socks.get(socks.size() - 1);
    }

    boolean hasSock() {
        return !socks.isEmpty();
    }

    /** Sends a segment from this client: our current seq/ack unless given. */
    void send(int flags, int seqNo, int ackNo, int window, byte[] options, byte[] data) {
        int hl = 20 + options.length;
        ByteBuf b = Unpooled.buffer(hl + data.length);
        b.writeShort(port).writeShort(dstPort).writeInt(seqNo).writeInt(ackNo);
        b.writeShort((hl / 4) << 12 | flags).writeShort(window).writeInt(0).writeBytes(options).writeBytes(data);
        h.send(Frames.ipv4(HOST, MAC, IP, dst, Ipv4.TCP, Frames.bytes(b)));
    }

    void syn(byte[] options) {
        send(Segments.SYN, seq, 0, 64240, options, new byte[0]);
        seq++;
    }

    void ack(int window) {
        send(Segments.ACK, seq, ack, window, new byte[0], new byte[0]);
    }

    void data(byte[] data, int window) {
        send(Segments.ACK | Segments.PSH, seq, ack, window, new byte[0], data);
        seq += data.length;
    }

    void fin(int window) {
        send(Segments.ACK | Segments.FIN, seq, ack, window, new byte[0], new byte[0]);
        seq++;
    }

    /** Handshake up to ESTABLISHED (no options: MSS 536, no window scaling); returns the SYN-ACK. */
    Seg establish(int window) {
        syn(new byte[0]);
        assertNull(h.take(), "no SYN-ACK before the destination answers");
        sock().conn.connected();
        Seg synAck = take();
        assertNotNull(synAck);
        ack = synAck.seq() + 1;
        ack(window);
        return synAck;
    }

    /** The next segment the NAT sent, checked (Ethernet to us, IPv4 and TCP checksums), or null. */
    Seg take() {
        ByteBuf f = h.take();
        if (f == null) {
            return null;
        }
        try {
            assertEquals(MAC, Mac.read(f, 0));
            assertEquals(Ethernet.TYPE_IPV4, f.getUnsignedShort(12));
            int ip = Ethernet.HEADER;
            assertNull(Ipv4.check(f, ip, f.readableBytes() - ip));
            assertEquals(Ipv4.TCP, Ipv4.protocol(f, ip));
            assertEquals(dst, Ipv4.src(f, ip));
            assertEquals(IP, Ipv4.dst(f, ip));
            int t = Ipv4.payload(f, ip);
            int len = Ipv4.payloadLength(f, ip);
            assertEquals(0, Checksum.finish(Checksum.add(Checksum.pseudoHeader(dst, IP, Ipv4.TCP, len), f, t, len)), "TCP checksum");
            int off = Segments.dataOffset(f, t);
            byte[] options = new byte[off - 20];
            f.getBytes(t + 20, options);
            byte[] data = new byte[len - off];
            f.getBytes(t + off, data);
            return new Seg(f.getUnsignedShort(t), f.getUnsignedShort(t + 2), f.getInt(t + 4), f.getInt(t + 8),
                    f.getUnsignedByte(t + 13), f.getUnsignedShort(t + 14), options, data);
        } finally {
            f.release();
        }
    }

    /** All segments sent so far. */
    List<Seg> drain() {
        List<Seg> out = new ArrayList<>();
        Seg s;
        while ((s = take()) != null) {
            out.add(s);
        }
        return out;
    }
}
