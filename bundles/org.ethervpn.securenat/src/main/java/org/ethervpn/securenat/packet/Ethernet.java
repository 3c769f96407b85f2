package org.ethervpn.securenat.packet;

import io.netty.buffer.ByteBuf;

/** Ethernet II header layout (no VLAN tags: SecureNAT answers untagged frames only, as SoftEther's). */
public final class Ethernet {
    public static final int DST = 0;
    public static final int SRC = 6;
    public static final int TYPE = 12;
    public static final int HEADER = 14;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;

    private Ethernet() {
    }

    /** Writes a 14-byte header at the writer index. */
    public static void writeHeader(ByteBuf out, long dst, long src, int type) {
        int i = out.writerIndex();
        out.ensureWritable(HEADER);
        Mac.write(out, i + DST, dst);
        Mac.write(out, i + SRC, src);
        out.setShort(i + TYPE, type);
        out.writerIndex(i + HEADER);
    }
}
