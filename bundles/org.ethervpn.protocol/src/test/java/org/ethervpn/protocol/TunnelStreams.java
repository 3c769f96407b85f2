package org.ethervpn.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;

/** Builds tunnel byte streams together with the events a decoder must produce from them. */
final class TunnelStreams {
    /** The 60-byte broadcast ARP request of the spec's §5.1 example. */
    static final byte[] ARP = Hex.parse("""
            ffffffffffff 5e0000000a0a 0806 0001 0800 06 04 0001 5e0000000a0a c0a81e4d 000000000000 c0a81e01
            000000000000000000000000000000000000""");

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();

    TunnelStreams u32(long v) {
        bytes.write((int) (v >>> 24));
        bytes.write((int) (v >>> 16));
        bytes.write((int) (v >>> 8));
        bytes.write((int) v);
        return this;
    }

    TunnelStreams raw(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    /** A batch of frames sent as they are; empty frames are skipped by the receiver. */
    TunnelStreams batch(byte[]... frames) {
        u32(frames.length);
        for (byte[] f : frames) {
            u32(f.length).raw(f);
            if (f.length > 0) {
                events.add(frameEvent(f));
            }
        }
        return this;
    }

    /** A batch of compressed frames: {@code frames[i]} goes on the wire as {@code zlib(frames[i])}. */
    TunnelStreams compressedBatch(int level, byte[]... frames) {
        u32(frames.length);
        for (byte[] f : frames) {
            byte[] z = ZlibTestCodec.compress(f, level);
            u32(z.length).raw(z);
            if (f.length > 0) {
                events.add(frameEvent(f));
            }
        }
        return this;
    }

    TunnelStreams keepAlive(byte[] padding) {
        u32(0xFFFF_FFFFL).u32(padding.length).raw(padding);
        int port = padding.length >= 14 && new String(padding, 0, 12, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("NATT_MY_PORT") ? (padding[12] & 0xFF) << 8 | padding[13] & 0xFF : -1;
        events.add(keepAliveEvent(padding.length, port));
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    static String frameEvent(byte[] frame) {
        return "F" + Hex.of(frame);
    }

    static String keepAliveEvent(int length, int port) {
        return "K" + length + ":" + port;
    }

    /** A random stream of batches (uncompressed) and keep-alives. */
    static TunnelStreams random(SplittableRandom random, int units) {
        TunnelStreams s = new TunnelStreams();
        for (int u = 0; u < units; u++) {
            int kind = random.nextInt(10);
            if (kind < 2) {
                byte[] padding = new byte[random.nextInt(513)];
                random.nextBytes(padding);
                if (kind == 1 && padding.length >= 14) {
                    System.arraycopy("NATT_MY_PORT".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, padding, 0, 12);
                }
                s.keepAlive(padding);
            } else {
                byte[][] frames = new byte[random.nextInt(kind == 2 ? 1 : 6)][];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = new byte[random.nextInt(10) == 0 ? 0 : random.nextInt(1, 1601)];
                    random.nextBytes(frames[i]);
                }
                s.batch(frames);
            }
        }
        return s;
    }

    /**
     * Drains the channel's inbound messages into events, releasing everything: frames of all blocks
     * in order, keep-alives in between; empty blocks become "E".
     */
    static List<String> drain(EmbeddedChannel ch, List<String> into) {
        for (Object m; (m = ch.readInbound()) != null;) {
            switch (m) {
                case TunnelBlock block -> {
                    try {
                        if (block.isEmpty()) {
                            into.add("E");
                        }
                        for (int i = 0; i < block.count(); i++) {
                            into.add(frameEvent(ByteBufUtil.getBytes(block.frame(i))));
                        }
                    } finally {
                        block.release();
                    }
                }
                case TunnelKeepAlive k -> into.add(keepAliveEvent(k.paddingLength(), k.nattPort()));
                default -> throw new AssertionError("unexpected " + m);
            }
        }
        return into;
    }

    /** Events without the "E" (liveness-only) markers. */
    static List<String> withoutEmpty(List<String> events) {
        return events.stream().filter(e -> !e.equals("E")).toList();
    }

    static ByteBuf copy(io.netty.buffer.ByteBufAllocator alloc, byte[] b, int from, int to) {
        ByteBuf buf = alloc.buffer(Math.max(1, to - from));
        buf.writeBytes(b, from, to - from);
        return buf;
    }
}
