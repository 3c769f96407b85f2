package org.ethervpn.securenat.dhcp;

import io.netty.buffer.ByteBuf;

/**
 * The fields of a client's DHCP message (RFC 2131 §2, options RFC 2132) the server acts on, read
 * once from the datagram. {@link #parse} never reads outside the region it is given and says why it
 * refuses one.
 */
record DhcpMessage(int type, int xid, int flags, int ciaddr, int htype, int hlen, byte[] chaddr, int requested,
        int serverId, String hostname) {
    static final int DISCOVER = 1;
    static final int OFFER = 2;
    static final int REQUEST = 3;
    static final int DECLINE = 4;
    static final int ACK = 5;
    static final int NAK = 6;
    static final int RELEASE = 7;
    static final int INFORM = 8;

    /** op .. file: the BOOTP part before the magic cookie. */
    static final int FIXED = 236;
    static final int COOKIE = 0x6382_5363;
    static final int OPTIONS = FIXED + 4;
    static final int FLAG_BROADCAST = 0x8000;
    /** RFC 2132 §3.14 allows a host name of any length; SoftEther keeps 63 characters, so do we. */
    static final int MAX_HOSTNAME = 63;

    static final int OPT_PAD = 0;
    static final int OPT_END = 255;
    static final int OPT_SUBNET_MASK = 1;
    static final int OPT_ROUTER = 3;
    static final int OPT_DNS = 6;
    static final int OPT_HOSTNAME = 12;
    static final int OPT_DOMAIN = 15;
    static final int OPT_MTU = 26;
    static final int OPT_REQUESTED_IP = 50;
    static final int OPT_LEASE_TIME = 51;
    static final int OPT_MESSAGE_TYPE = 53;
    static final int OPT_SERVER_ID = 54;
    static final int OPT_RENEWAL = 58;
    static final int OPT_REBINDING = 59;
    static final int OPT_CLASSLESS_ROUTES = 121;
    static final int OPT_MS_CLASSLESS_ROUTES = 249;

    boolean broadcastFlag() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** Thrown for a message the server drops (the message says why, for the drop counter). */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Reads a BOOTREQUEST of {@code length} bytes at {@code at}.
     *
     * @throws Malformed if it is short, not a request, has an absurd hardware address length, a bad
     *                   magic cookie, an option running past the end, or no DHCP message type
     */
    static DhcpMessage parse(ByteBuf b, int at, int length) throws Malformed {
        if (length < OPTIONS) {
            throw new Malformed("DHCP message shorter than its fixed part");
        }
        if (b.getUnsignedByte(at) != 1) {
            throw new Malformed("DHCP message is not a BOOTREQUEST");
        }
        int htype = b.getUnsignedByte(at + 1);
        int hlen = b.getUnsignedByte(at + 2);
        if (hlen == 0 || hlen > 16) {
            throw new Malformed("DHCP hardware address length " + hlen);
        }
        if (b.getInt(at + FIXED) != COOKIE) {
            throw new Malformed("DHCP magic cookie missing");
        }
        int type = 0;
        int requested = 0;
        int serverId = 0;
        String hostname = "";
        int end = at + length;
        int i = at + OPTIONS;
        while (i < end) {
            int code = b.getUnsignedByte(i);
            if (code == OPT_END) {
                break;
            }
            if (code == OPT_PAD) {
                i++;
                continue;
            }
            if (i + 2 > end || i + 2 + b.getUnsignedByte(i + 1) > end) {
                throw new Malformed("DHCP option " + code + " runs past the end of the message");
            }
            int len = b.getUnsignedByte(i + 1);
            int v = i + 2;
            switch (code) {
                case OPT_MESSAGE_TYPE -> type = len == 1 ? b.getUnsignedByte(v) : -1;
                case OPT_REQUESTED_IP -> requested = len == 4 ? b.getInt(v) : 0;
                case OPT_SERVER_ID -> serverId = len == 4 ? b.getInt(v) : 0;
                case OPT_HOSTNAME -> hostname = hostname(b, v, len);
                default -> {
                    // options the server does not act on (parameter list, client id, vendor class, ...)
                }
            }
            i = v + len;
        }
        if (type < DISCOVER || type > INFORM) {
            throw new Malformed(type == 0 ? "BOOTP message without a DHCP message type" : "bad DHCP message type");
        }
        byte[] chaddr = new byte[hlen];
        b.getBytes(at + 28, chaddr);
        return new DhcpMessage(type, b.getInt(at + 4), b.getUnsignedShort(at + 10), b.getInt(at + 12), htype, hlen,
                chaddr, requested, serverId, hostname);
    }

    /** Printable ASCII only (it is shown in listings and logs), up to a NUL, at most {@link #MAX_HOSTNAME}. */
    private static String hostname(ByteBuf b, int at, int len) {
        StringBuilder s = new StringBuilder(Math.min(len, MAX_HOSTNAME));
        for (int i = 0; i < len && s.length() < MAX_HOSTNAME; i++) {
            int c = b.getUnsignedByte(at + i);
            if (c == 0) {
                break;
            }
            if (c > 0x20 && c < 0x7F) {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
