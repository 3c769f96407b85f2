package org.ethervpn.api.compress;

import org.ethervpn.api.plugin.Plugin;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A block compression scheme. Every tunnel block is compressed on its own (no state shared between
 * blocks), so compressors and decompressors can be reused block after block without allocating.
 * The codec itself is thread-safe; the objects it hands out are not: use one per connection.
 */
@ConsumerType
public interface CompressionCodec extends Plugin {
    BlockCompressor newCompressor();

    BlockDecompressor newDecompressor();
}
