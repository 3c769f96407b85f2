package org.ethervpn.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A hash of an Ethernet frame's flow: the MAC pair, and for IPv4/IPv6 the addresses, the protocol
 * and (TCP, UDP, SCTP; unfragmented) the ports, under up to two VLAN tags. Frames of one flow hash
 * alike, so a session that keeps each flow on one of its TCP connections never reorders a flow
 * (TCP inside the tunnel reads reordering as loss) while different flows use different connections.
 * The hash is symmetric in neither direction on purpose: each side spreads what it sends.
 */
public final class FlowHash {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    /** -1 at the protocol numbers with ports (TCP, UDP, SCTP, UDP-Lite), else 0. */
    private static final int[] PORTS = new int[256];

    static {
        for (int p : new int[] {6, 17, 132, 136}) {
            PORTS[p] = -1;
        }
    }

    private FlowHash() {
    }

    /** The flow hash of the frame between {@code frame}'s reader and writer index (not changed). */
    public static int of(ByteBuf frame) {
        int base = frame.readerIndex();
        int len = frame.readableBytes();
        if (len < 14) {
            return mix(len);
        }
        // MACs: 6 + 6 bytes
        int h = mix(frame.getInt(base) ^ 0x9E3779B9);
        h = mix(h ^ frame.getInt(base + 4));
        h = mix(h ^ frame.getInt(base + 8));
        int off = 12;
        int type = frame.getUnsignedShort(base + off);
        for (int tags = 0; tags < 2 && (type == ETH_VLAN || type == ETH_QINQ) && off + 6 <= len; tags++) {
            h = mix(h ^ (frame.getUnsignedShort(base + off + 2) & 0x0FFF)); // the VLAN id
            off += 4;
            type = frame.getUnsignedShort(base + off);
        }
        off += 2;
        if (type == ETH_IPV4 && off + 20 <= len) {
            int ihl = (frame.getUnsignedByte(base + off) & 0x0F) * 4;
            int proto = frame.getUnsignedByte(base + off + 9);
            h = mix(h ^ frame.getInt(base + off + 12));
            h = mix(h ^ frame.getInt(base + off + 16));
            h = mix(h ^ proto);
            int fragment = frame.getUnsignedShort(base + off + 6) & 0x3FFF; // MF or an offset
            if (ihl >= 20 && off + ihl + 4 <= len) {
                // the ports, masked away without a branch for fragments and port-less protocols: a branch
                // that a TCP-only profile never saw would, at the first ping, send the compiled caller
                // back to the interpreter
                int unfragmented = ~((fragment | -fragment) >> 31);
                h = mix(h ^ (frame.getInt(base + off + ihl) & portsMask(proto) & unfragmented));
            }
        } else if (type == ETH_IPV6 && off + 40 <= len) {
            int next = frame.getUnsignedByte(base + off + 6);
            for (int i = 8; i < 40; i += 4) {
                h = mix(h ^ frame.getInt(base + off + i));
            }
            h = mix(h ^ next);
            if (off + 44 <= len) {
                h = mix(h ^ (frame.getInt(base + off + 40) & portsMask(next)));
            }
        } else {
            h = mix(h ^ type);
        }
        return h;
    }

    /** -1 for protocols with ports (TCP, UDP, SCTP, UDP-Lite), else 0; a table, not a branch. */
    private static int portsMask(int proto) {
        return PORTS[proto & 0xFF];
    }

    /** murmur3's finaliser: every input bit reaches every output bit. */
    private static int mix(int x) {
        x *= 0xCC9E2D51;
        x = Integer.rotateLeft(x, 15);
        x *= 0x1B873593;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        x *= 0xC2B2AE35;
        return x ^ (x >>> 16);
    }
}
