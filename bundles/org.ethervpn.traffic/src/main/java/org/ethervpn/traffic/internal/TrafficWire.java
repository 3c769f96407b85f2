package org.ethervpn.traffic.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SoftEther's traffic-test protocol, without sockets. On every TCP connection: the server sends a
 * 16-byte banner ("TrafficServer\r\n" and a NUL); the client answers with a 17-byte header (one
 * direction byte, 0 = the client sends, else the server sends; then the session id and the span in
 * milliseconds, 64-bit big-endian); then data flows one way. Data never contains '!': the client
 * ends an upload by sending a burst of '!' bytes (every 200 ms until answered), and the server
 * answers with the payload byte count it received on that connection (64-bit big-endian). A
 * download ends when the client closes, or when the server has reported an upload of the same
 * session.
 */
public final class TrafficWire {
    /** The server's greeting. */
    public static final byte[] BANNER = Arrays.copyOf("TrafficServer\r\n".getBytes(StandardCharsets.US_ASCII), 16);
    public static final int HEADER_SIZE = 17;
    public static final int REPORT_SIZE = 8;
    /** Marks the end of an upload; never part of the data. */
    public static final byte STOP = '!';
    /** How many stop bytes a client sends at once (SoftEther sends its MAX_SIZE, 512). */
    public static final int STOP_BURST = 512;
    /** Size of the data block each side writes again and again (SoftEther's buffer size). */
    public static final int BLOCK_SIZE = 65535;

    private TrafficWire() {
    }

    /** The client's header: direction, session, span. */
    public record Header(boolean serverSends, long sessionId, long spanMillis) {
    }

    public static ByteBuf banner() {
        return Unpooled.wrappedBuffer(BANNER);
    }

    /** Whether {@code in} holds the whole banner; it must then be exactly ours, else this is not a traffic server. */
    public static boolean isBanner(ByteBuf in) {
        if (in.readableBytes() < BANNER.length) {
            return false;
        }
        for (int i = 0; i < BANNER.length; i++) {
            if (in.getByte(in.readerIndex() + i) != BANNER[i]) {
                return false;
            }
        }
        return true;
    }

    public static ByteBuf header(Header h) {
        ByteBuf b = Unpooled.buffer(HEADER_SIZE);
        b.writeByte(h.serverSends() ? 1 : 0).writeLong(h.sessionId()).writeLong(h.spanMillis());
        return b;
    }

    /** Reads a header from {@code in} when all 17 bytes are there, else returns null and reads nothing. */
    public static Header readHeader(ByteBuf in) {
        if (in.readableBytes() < HEADER_SIZE) {
            return null;
        }
        boolean serverSends = in.readByte() != 0;
        return new Header(serverSends, in.readLong(), in.readLong());
    }

    public static ByteBuf report(long bytes) {
        return Unpooled.buffer(REPORT_SIZE).writeLong(bytes);
    }

    public static ByteBuf stopBurst() {
        byte[] b = new byte[STOP_BURST];
        Arrays.fill(b, STOP);
        return Unpooled.wrappedBuffer(b);
    }

    /** Index of the first stop byte among {@code in}'s readable bytes, relative to its reader index, or -1. */
    public static int indexOfStop(ByteBuf in) {
        int i = in.indexOf(in.readerIndex(), in.writerIndex(), STOP);
        return i < 0 ? -1 : i - in.readerIndex();
    }

    /** A data block: random bytes, never a stop byte. */
    public static byte[] block(Random random) {
        byte[] b = new byte[BLOCK_SIZE];
        random.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == STOP) {
                b[i] = '_';
            }
        }
        return b;
    }

    /** How long a server keeps a connection of a session with this span (SoftEther: 3 spans + 3 min). */
    public static long giveUpMillis(long spanMillis) {
        return spanMillis * 3 + 180_000;
    }
}
