package org.ethervpn.api.compress;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/** Compresses one block at a time. Not thread-safe. */
@ConsumerType
public interface BlockCompressor extends AutoCloseable {
    /** An upper bound of the compressed size of {@code length} input bytes. */
    int maxCompressedLength(int length);

    /**
     * Compresses the remaining bytes of {@code src} into {@code dst} as one independent block.
     * Advances both buffers' positions.
     *
     * @return the number of bytes written
     * @throws CompressionException if {@code dst} has less room than {@link #maxCompressedLength(int)}
     */
    int compress(ByteBuffer src, ByteBuffer dst) throws CompressionException;

    /** Frees native resources. */
    @Override
    void close();
}
