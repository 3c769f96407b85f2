package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.compress.deflate.DeflateCodec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Jazzer target: the tunnel byte stream a peer sends after the welcome (batches of blocks,
 * keep-alives, compressed blocks, super-frames), cut into TCP reads of any size. Input: byte 0 picks
 * the limits and compression (the real deflate plugin), byte 1 the read size ({@link #readSize}), the
 * rest is the stream. Contract: blocks (super-frames cut into frames) and keep-alives within the limits, or a
 * {@link TunnelProtocolException} after which input is discarded; nothing else thrown; buffered
 * bytes never more than one unit plus one read; every buffer released.
 */
class TunnelDecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void stream(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int mode = (input[0] & 0xff) % 3;
        TunnelLimits limits = mode == 1 ? TunnelLimits.SUPER_FRAMES : TunnelLimits.DEFAULT;
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = alloc.channel(new TunnelDecoder(limits, mode == 2 ? new DeflateCodec().newDecompressor() : null));
        byte[] stream = Arrays.copyOfRange(input, 2, input.length);
        int read = readSize(input[1], stream.length);
        boolean failed = false;
        for (int at = 0; at < stream.length; at += read) {
            int n = Math.min(read, stream.length - at);
            try {
                ch.writeInbound(Unpooled.copiedBuffer(stream, at, n));
            } catch (TunnelProtocolException e) {
                assertTrue(!failed, "a second failure: input after the first must be discarded");
                failed = true;
            }
            drain(ch, limits, alloc);
            long held = alloc.liveBytes();
            assertTrue(held <= 8L + limits.maxBlockSize() + n,
                    held + " bytes held after a read of " + n + " (one unit is at most " + (8 + limits.maxBlockSize()) + ")");
        }
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    /** 0: all at once; 1..32: that many bytes (the slow trickle); above: steps of 16 up to ~3.5 KiB. */
    static int readSize(byte b, int all) {
        int v = b & 0xff;
        return v == 0 ? Math.max(1, all) : v <= 32 ? v : (v - 32) * 16;
    }

    private static void drain(EmbeddedChannel ch, TunnelLimits limits, TrackingAllocator alloc) {
        List<ByteBuf> segments = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null;) {
            if (m instanceof TunnelBlock block) {
                for (int i = 0; i < block.count(); i++) {
                    ByteBuf f = block.frame(i);
                    assertTrue(f.isReadable() && f.readableBytes() <= limits.maxFrameSize(), "frame of " + f.readableBytes() + " bytes");
                    if (f.readableBytes() > TunnelLimits.MAX_FRAME_SIZE) {
                        // a super-frame is cut into plain frames for peers that cannot take it (the hub's port drain)
                        SuperFrames.segment(block.detach(i), alloc, segments);
                        for (ByteBuf s : segments) {
                            assertTrue(s.readableBytes() <= TunnelLimits.MAX_FRAME_SIZE, "segment of " + s.readableBytes() + " bytes");
                            s.release();
                        }
                        segments.clear();
                    }
                }
                block.release();
            } else if (m instanceof TunnelKeepAlive k) {
                assertTrue(k.paddingLength() <= limits.maxKeepAliveSize(), "keep-alive of " + k.paddingLength());
            } else {
                throw new AssertionError("unexpected message " + m);
            }
        }
    }
}
