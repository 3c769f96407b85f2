package org.ethervpn.protocol;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

import org.ethervpn.api.compress.BlockCompressor;
import org.ethervpn.api.compress.BlockDecompressor;
import org.ethervpn.api.compress.CompressionException;
import org.ethervpn.compress.deflate.DeflateCodec;

/** The deflate plugin for the codec tests, plus a zlib helper for building test streams. */
final class ZlibTestCodec {
    private ZlibTestCodec() {
    }

    /** The real deflate plugin's compressor, recording whether its owner closed it. */
    static final class Compressor implements BlockCompressor {
        private final BlockCompressor real = new DeflateCodec().newCompressor();
        boolean closed;

        @Override
        public int maxCompressedLength(int length) {
            return real.maxCompressedLength(length);
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            return real.compress(src, dst);
        }

        @Override
        public void close() {
            closed = true;
            real.close();
        }
    }

    /** The real deflate plugin's decompressor, recording whether its owner closed it. */
    static final class Decompressor implements BlockDecompressor {
        private final BlockDecompressor real = new DeflateCodec().newDecompressor();
        boolean closed;

        @Override
        public int decompress(ByteBuffer src, ByteBuffer dst) throws CompressionException {
            return real.decompress(src, dst);
        }

        @Override
        public void close() {
            closed = true;
            real.close();
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
