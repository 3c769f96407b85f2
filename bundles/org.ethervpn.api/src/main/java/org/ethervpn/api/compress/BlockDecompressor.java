package org.ethervpn.api.compress;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/** Decompresses one block at a time, never writing more than the room it is given. Not thread-safe. */
@ConsumerType
public interface BlockDecompressor extends AutoCloseable {
    /**
     * Decompresses the remaining bytes of {@code src}, one whole block, into {@code dst}.
     * Advances both buffers' positions.
     *
     * @return the number of bytes written
     * @throws CompressionException if the block is malformed, truncated or would not fit in
     *         {@code dst.remaining()} bytes (a decompression bomb is refused, not buffered)
     */
    int decompress(ByteBuffer src, ByteBuffer dst) throws CompressionException;

    @Override
    void close();
}
