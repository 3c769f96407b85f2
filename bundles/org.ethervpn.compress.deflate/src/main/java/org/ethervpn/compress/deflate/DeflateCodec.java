package org.ethervpn.compress.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.ethervpn.api.compress.BlockCompressor;
import org.ethervpn.api.compress.BlockDecompressor;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.compress.CompressionException;
import org.ethervpn.api.plugin.Plugin;
import org.osgi.service.component.annotations.Component;

/**
 * zlib (RFC 1950) per block, as the SoftEther tunnel compresses with {@code use_compress=1}: every
 * block is a complete, independent zlib stream. We compress at the fastest level; SoftEther peers
 * accept any valid zlib stream.
 */
@Component(service = CompressionCodec.class, property = Plugin.NAME_PROPERTY + "=" + DeflateCodec.NAME)
public final class DeflateCodec implements CompressionCodec {
    static final String NAME = "deflate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "zlib per tunnel block, fastest level (SoftEther use_compress)";
    }

    @Override
    public BlockCompressor newCompressor() {
        return new Compressor();
    }

    @Override
    public BlockDecompressor newDecompressor() {
        return new Decompressor();
    }

    /** One Deflater reused for every block: reset() between blocks keeps them independent. */
    static final class Compressor implements BlockCompressor {
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, false);

        @Override
        public int maxCompressedLength(int length) {
            // zlib's deflateBound for stored blocks, plus header and trailer
            return length + (length >> 12) + (length >> 14) + (length >> 25) + 13 + 6;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            if (dst.remaining() < maxCompressedLength(src.remaining())) {
                throw new CompressionException("output buffer has " + dst.remaining() + " bytes, needs "
                        + maxCompressedLength(src.remaining()));
            }
            deflater.reset();
            deflater.setInput(src);
            deflater.finish();
            int start = dst.position();
            while (!deflater.finished()) {
                if (deflater.deflate(dst, Deflater.NO_FLUSH) == 0 && !dst.hasRemaining()) {
                    throw new CompressionException("compressed block exceeds its bound");
                }
            }
            return dst.position() - start;
        }

        @Override
        public void close() {
            deflater.end();
        }
    }

    /** One Inflater reused for every block. Output is capped by the destination's room. */
    static final class Decompressor implements BlockDecompressor {
        private final Inflater inflater = new Inflater(false);

        @Override
        public int decompress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            inflater.reset();
            inflater.setInput(src);
            int start = dst.position();
            try {
                while (!inflater.finished()) {
                    int n = inflater.inflate(dst);
                    if (n == 0 && !inflater.finished()) {
                        if (inflater.needsDictionary()) {
                            throw new CompressionException("zlib block needs a preset dictionary");
                        }
                        if (inflater.needsInput()) {
                            throw new CompressionException("zlib block is truncated");
                        }
                        if (!dst.hasRemaining()) {
                            throw new CompressionException("zlib block inflates to more than "
                                    + (dst.position() - start) + " bytes");
                        }
                    }
                }
            } catch (DataFormatException e) {
                throw new CompressionException("malformed zlib block: " + e.getMessage(), e);
            }
            return dst.position() - start;
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
