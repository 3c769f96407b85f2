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

    /** Bytes of the virtio-net header in front of a super-frame on the wire (see {@link SuperFrames}). */
    public static final int VNET_HEADER = 10;
    /** Largest super-frame (Ethernet onwards): IP's 64 KiB, an Ethernet header and a VLAN tag, rounded up. */
    public static final int MAX_SUPER_FRAME = 65536 + 64;

    /** SoftEther's limits. */
    public static final TunnelLimits DEFAULT =
            new TunnelLimits(MAX_FRAME_SIZE, MAX_BLOCK_SIZE, MAX_KEEPALIVE_SIZE, MAX_FRAMES_PER_BATCH);

    /**
     * Between two EtherVPN peers that agreed on super-frames at login: frames up to {@link #MAX_FRAME_SIZE} as
     * always, and super-frames up to {@link #MAX_SUPER_FRAME}, each sent as a block of its header and the frame.
     * Never with compression.
     */
    public static final TunnelLimits SUPER_FRAMES =
            new TunnelLimits(MAX_SUPER_FRAME, MAX_SUPER_FRAME + VNET_HEADER, MAX_KEEPALIVE_SIZE, MAX_FRAMES_PER_BATCH);

    /** Whether these limits carry super-frames (a frame limit above SoftEther's). */
    public boolean superFrames() {
        return maxFrameSize > MAX_FRAME_SIZE;
    }

    public TunnelLimits {
        if (maxFrameSize <= 0 || maxBlockSize < maxFrameSize || maxKeepAliveSize < 0 || maxFramesPerBatch <= 0) {
            throw new IllegalArgumentException("invalid tunnel limits: frame " + maxFrameSize + ", block "
                    + maxBlockSize + ", keep-alive " + maxKeepAliveSize + ", frames per batch " + maxFramesPerBatch);
        }
    }
}
