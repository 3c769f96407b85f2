package org.ethervpn.securenat.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.packet.Checksum;
import org.ethervpn.securenat.packet.Ethernet;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Jazzer target: a client's TCP segments (any flags, sequence and acknowledgement numbers, windows,
 * options and data, on four ports of one client) and the socket side's events (connected, refused,
 * data, EOF, reset, window opened) in any order, with the clock moving, into the TCP NAT. Input:
 * records of an op byte and its arguments (see {@link #frames}). Contract: nothing thrown; every
 * segment to the client is a well-formed frame with sound checksums and at most one MSS of data;
 * every flow ends by itself once the clock passes the idle timeout and TIME_WAIT, and every
 * {@code openFlow} is paired with a {@code closeFlow} (no TCP session left counted).
 */
class TcpFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void segments(byte[] in) {
        try (EngineHarness h = new EngineHarness()) {
            TcpClient base = TcpClient.start(h, 40000);
            int at = 0;
            while (at < in.length) {
                int op = in[at++] & 0xFF;
                TcpClient c = base.other(40000 + (op & 3));
                switch (op >>> 2 & 7) {
                    case 0, 1, 2 -> at = segment(c, in, at);      // the client sends a segment (most often)
                    case 3 -> socket(base, op >>> 5, in, at);     // the socket side of the newest flow acts
                    case 4 -> h.advance(1 + (at < in.length ? (in[at++] & 0xFF) * 20 : 0));
                    default -> at = segment(c, in, at);
                }
                drain(h);
            }
            h.advance(TimeUnit.SECONDS.toMillis(h.engine.config().tcpTimeoutSeconds()) + 10_000);
            h.advance(10_000);
            drain(h);
            assertEquals(0, h.engine.status().tcpSessions(), "every TCP flow ended and was counted off");
            assertEquals(0, h.engine.natSessions().size(), "no flow left in the table");
        }
    }

    /** flags, seq delta, ack delta, window (2), options length (0-40) + options, data length + data. */
    private static int segment(TcpClient c, byte[] in, int at) {
        if (at + 6 > in.length) {
            return in.length;
        }
        int flags = in[at] & 0x3F;
        int seq = c.seq + (byte) in[at + 1];
        int ack = c.ack + (byte) in[at + 2] * 97;
        int window = (in[at + 3] & 0xFF) << 8 | in[at + 4] & 0xFF;
        int optLen = Math.min((in[at + 5] & 0xFF) % 41, in.length - at - 6) & ~3;
        at += 6;
        byte[] options = Arrays.copyOfRange(in, at, at + optLen);
        at += options.length;
        int dataLen = at < in.length ? Math.min(in[at++] & 0xFF, in.length - at) : 0;
        byte[] data = Arrays.copyOfRange(in, at, at + dataLen);
        at += dataLen;
        c.send(flags, seq, ack, window, options, data);
        if ((flags & Segments.SYN) != 0 && c.seq == seq) {
            c.seq++;
        }
        c.seq = seq + data.length;
        return at;
    }

    private static void socket(TcpClient base, int event, byte[] in, int at) {
        if (!base.hasSock()) {
            return;
        }
        TcpClient.Sock s = base.sock();
        TcpConnection c = s.conn;
        if (s.closed || s.reset || c.phase == TcpConnection.Phase.CLOSED) {
            return; // a closed channel delivers nothing more
        }
        boolean open = c.phase != TcpConnection.Phase.CONNECTING; // the socket is connected
        switch (event) {
            case 0 -> c.connected();
            case 1 -> c.connectFailed();
            case 2, 3 -> {
                if (open) {
                    c.fromSocket(Unpooled.wrappedBuffer(new byte[at < in.length ? (in[at] & 0xFF) * 37 + 1 : 1]));
                }
            }
            case 4 -> {
                if (open) {
                    c.socketEof();
                }
            }
            case 5 -> {
                if (open) {
                    c.socketReset();
                }
            }
            default -> {
                if (open) {
                    s.room = TcpConnection.RCV_WINDOW;
                    c.windowOpened();
                }
            }
        }
    }

    private static void drain(EngineHarness h) {
        for (ByteBuf f; (f = h.take()) != null;) {
            try {
                check(h, f);
            } finally {
                f.release();
            }
        }
    }

    private static void check(EngineHarness h, ByteBuf f) {
        int b = f.readerIndex();
        int len = f.readableBytes();
        assertEquals(Mac.parse(EngineHarness.HOST_MAC), Mac.read(f, b + Ethernet.SRC));
        if (f.getUnsignedShort(b + Ethernet.TYPE) == Ethernet.TYPE_ARP) {
            return;
        }
        int ip = b + Ethernet.HEADER;
        assertEquals(null, Ipv4.check(f, ip, len - Ethernet.HEADER));
        assertEquals(Ipv4.TCP, Ipv4.protocol(f, ip), "the TCP NAT sends TCP");
        int p = Ipv4.payload(f, ip);
        int plen = Ipv4.payloadLength(f, ip);
        assertTrue(Checksum.verify(Checksum.add(Checksum.pseudoHeader(Ipv4.src(f, ip), Ipv4.dst(f, ip), Ipv4.TCP, plen), f, p, plen)),
                "TCP checksum");
        int hl = (f.getUnsignedByte(p + 12) >>> 4) * 4;
        assertTrue(hl >= 20 && hl <= plen, "TCP header length");
        assertTrue(plen - hl <= h.engine.config().mtu() - 40, "at most one MSS of data: " + (plen - hl));
    }
}
