package org.ethervpn.protocol;

/**
 * Size limits of the tunnel stream.
 *
 * @param maxFrameSize largest Ethernet frame delivered (after decompression); larger frames are dropped
 * @param maxBlockSize largest block length {@code L} on the wire; a larger value ends the connection
 * @param maxKeepAliveSize largest keep-alive padding {@code P}; a larger value ends the connection
 * @param maxFramesPerBatch largest frame count {@code N} of one batch accepted from the peer
 */
public record TunnelLimits(int maxFrameSize, int maxBlockSize, int maxKeepAliveSize, int maxFramesPerBatch) {
    /** Marker that starts a keep-alive instead of a batch. */
    public static final long KEEP_ALIVE_MARKER = 0xFFFF_FFFFL;
    /** SoftEther's largest Ethernet frame (1514 plus room for VLAN tags). */
    public static final int MAX_FRAME_SIZE = 1600;
    /** SoftEther disconnects on a block length above twice the frame limit. */
    public static final int MAX_BLOCK_SIZE = 2 * MAX_FRAME_SIZE;
    /** SoftEther disconnects on keep-alive padding above this. */
    public static final int MAX_KEEPALIVE_SIZE = 512;
    /**
     * SoftEther reads any count, but its sender never has more than 1024 frames queued, so a larger
     * batch is not from a real peer. The decoder streams frames, so this bounds nothing in memory.
     */
    public static final int MAX_FRAMES_PER_BATCH = 4096;

    /** SoftEther's limits. */
    public static final TunnelLimits DEFAULT =
            new TunnelLimits(MAX_FRAME_SIZE, MAX_BLOCK_SIZE, MAX_KEEPALIVE_SIZE, MAX_FRAMES_PER_BATCH);

    public TunnelLimits {
        if (maxFrameSize <= 0 || maxBlockSize < maxFrameSize || maxKeepAliveSize < 0 || maxFramesPerBatch <= 0) {
            throw new IllegalArgumentException("invalid tunnel limits: frame " + maxFrameSize + ", block "
                    + maxBlockSize + ", keep-alive " + maxKeepAliveSize + ", frames per batch " + maxFramesPerBatch);
        }
    }
}
