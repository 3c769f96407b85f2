package org.ethervpn.product;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ethervpn.session.SessionLink;
import org.ethervpn.session.TunnelSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A station on a hub, behind a real VPN session, that takes an address from SecureNAT's DHCP server
 * (DISCOVER, OFFER, REQUEST, ACK, with a host name) and then sends one UDP datagram out through its
 * NAT: what makes a lease and a NAT session for the console's tables. Frames are built here byte by
 * byte (Ethernet, IPv4, UDP with its checksum, BOOTP), as a DHCP client sends them.
 */
final class DhcpProbe implements SessionLink {
    final byte[] mac = new byte[6];
    private final int xid = ThreadLocalRandom.current().nextInt();
    private final ConcurrentLinkedQueue<ByteBuf> out = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    volatile TunnelSession tunnel;

    DhcpProbe() {
        ThreadLocalRandom.current().nextBytes(mac);
        mac[0] = 0x02; // locally administered, unicast
    }

    /** DORA as {@code hostname}; the address leased. */
    byte[] lease(String hostname) throws InterruptedException {
        send(broadcast(), new byte[4], new byte[] {-1, -1, -1, -1}, 68, 67, bootp(1, null, null, hostname));
        byte[] offer = reply(2);
        byte[] yiaddr = java.util.Arrays.copyOfRange(offer, 16, 20);
        byte[] server = option(offer, 54);
        send(broadcast(), new byte[4], new byte[] {-1, -1, -1, -1}, 68, 67, bootp(3, yiaddr, server, hostname));
        reply(5);
        return yiaddr;
    }

    /** One UDP datagram from {@code from} to {@code to}:{@code port}, through the router whose MAC is {@code gateway}. */
    void udp(byte[] gateway, byte[] from, byte[] to, int port) {
        send(gateway, from, to, 40000, port, "console SecureNAT test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The source MAC of the DHCP server's answers (SecureNAT's virtual host). */
    volatile byte[] routerMac;

    private byte[] reply(int type) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (byte[] b; (b = replies.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null;) {
            byte[] t = option(b, 53);
            if (ByteBuffer.wrap(b).getInt(4) == xid && t != null && t[0] == type) {
                return b;
            }
        }
        throw new AssertionError("no DHCP message " + type + " from SecureNAT in 10 s");
    }

    private byte[] bootp(int type, byte[] requested, byte[] server, String hostname) {
        ByteBuffer b = ByteBuffer.allocate(300);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) 0).putShort((short) 0x8000);
        b.position(28);
        b.put(mac);
        b.position(236);
        b.putInt(0x63825363);
        b.put((byte) 53).put((byte) 1).put((byte) type);
        if (requested != null) {
            b.put((byte) 50).put((byte) 4).put(requested);
        }
        if (server != null) {
            b.put((byte) 54).put((byte) 4).put(server);
        }
        byte[] name = hostname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put((byte) 12).put((byte) name.length).put(name);
        b.put((byte) 55).put((byte) 3).put((byte) 1).put((byte) 3).put((byte) 6);
        b.put((byte) 255);
        return b.array();
    }

    /** The value of DHCP option {@code code} in a BOOTP message, or null. */
    private static byte[] option(byte[] m, int code) {
        for (int i = 240; i < m.length && (m[i] & 255) != 255;) {
            int c = m[i] & 255;
            if (c == 0) {
                i++;
                continue;
            }
            int len = m[i + 1] & 255;
            if (c == code) {
                return java.util.Arrays.copyOfRange(m, i + 2, i + 2 + len);
            }
            i += 2 + len;
        }
        return null;
    }

    private static byte[] broadcast() {
        return new byte[] {-1, -1, -1, -1, -1, -1};
    }

    private void send(byte[] dstMac, byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        int udpLen = 8 + payload.length;
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + udpLen);
        f.put(dstMac).put(mac).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLen)).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
        f.putShort(24, (short) checksum(f.array(), 14, 20, 0));
        f.putShort((short) sport).putShort((short) dport).putShort((short) udpLen).putShort((short) 0).put(payload);
        long pseudo = sum(src, 0, 4) + sum(dst, 0, 4) + 17 + udpLen;
        int c = checksum(f.array(), 34, udpLen, pseudo);
        f.putShort(40, (short) (c == 0 ? 0xffff : c));
        out.add(Unpooled.wrappedBuffer(f.array()));
        tunnel.wakeup();
    }

    private static long sum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            s += ((b[off + i] & 255) << 8) | (i + 1 < len ? b[off + i + 1] & 255 : 0);
        }
        return s;
    }

    private static int checksum(byte[] b, int off, int len, long start) {
        long s = start + sum(b, off, len);
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    @Override
    public void received(List<ByteBuf> frames) {
        for (ByteBuf f : frames) {
            try {
                byte[] b = new byte[f.readableBytes()];
                f.getBytes(f.readerIndex(), b);
                // IPv4, UDP from port 67 to 68: a DHCP answer (IPv4 header of 20 bytes, as SecureNAT sends)
                if (b.length > 42 + 240 && b[12] == 8 && b[13] == 0 && b[23] == 17 && ((b[34] & 255) << 8 | b[35] & 255) == 67) {
                    routerMac = java.util.Arrays.copyOfRange(b, 6, 12);
                    replies.add(java.util.Arrays.copyOfRange(b, 42, b.length));
                }
            } finally {
                f.release();
            }
        }
    }

    @Override
    public int drainTo(List<? super ByteBuf> to, int max) {
        int n = 0;
        for (ByteBuf b; n < max && (b = out.poll()) != null; n++) {
            to.add(b);
        }
        return n;
    }
}
