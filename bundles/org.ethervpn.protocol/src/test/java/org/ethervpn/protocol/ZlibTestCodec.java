package org.ethervpn.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.ethervpn.api.compress.BlockCompressor;
import org.ethervpn.api.compress.BlockDecompressor;
import org.ethervpn.api.compress.CompressionException;

/** Test-only per-block zlib over java.util.zip; the real plugin is the deflate bundle. */
final class ZlibTestCodec {
    private ZlibTestCodec() {
    }

    static final class Compressor implements BlockCompressor {
        private final Deflater deflater;
        boolean closed;

        Compressor(int level) {
            deflater = new Deflater(level);
        }

        @Override
        public int maxCompressedLength(int length) {
            // stored blocks cost 5 bytes per 16 KiB; plus zlib header, trailer and slack
            return length + 5 * (length / 16_383 + 1) + 6 + 16;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            deflater.reset();
            deflater.setInput(src);
            deflater.finish();
            int start = dst.position();
            while (!deflater.finished()) {
                if (deflater.deflate(dst) == 0 && !dst.hasRemaining()) {
                    throw new CompressionException("output full");
                }
            }
            return dst.position() - start;
        }

        @Override
        public void close() {
            closed = true;
            deflater.end();
        }
    }

    static final class Decompressor implements BlockDecompressor {
        private final Inflater inflater = new Inflater();
        boolean closed;

        @Override
        public int decompress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            inflater.reset();
            inflater.setInput(src);
            int start = dst.position();
            try {
                while (!inflater.finished()) {
                    if (inflater.inflate(dst) == 0 && !inflater.finished()) {
                        if (inflater.needsInput() || inflater.needsDictionary()) {
                            throw new CompressionException("truncated or needs a dictionary");
                        }
                        if (!dst.hasRemaining()) {
                            throw new CompressionException("does not fit");
                        }
                    }
                }
            } catch (DataFormatException e) {
                throw new CompressionException(e.getMessage(), e);
            }
            return dst.position() - start;
        }

        @Override
        public void close() {
            closed = true;
            inflater.end();
        }
    }

    /** zlib of {@code data} at {@code level}, for building test streams. */
    static byte[] compress(byte[] data, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(data);
            d.finish();
            byte[] out = new byte[data.length + 64];
            int n = d.deflate(out);
            return java.util.Arrays.copyOf(out, n);
        } finally {
            d.end();
        }
    }
}
