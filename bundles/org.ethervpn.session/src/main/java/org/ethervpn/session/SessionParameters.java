package org.ethervpn.session;

/**
 * What a session runs with, as granted in the welcome PACK (spec §3.5, §3.6).
 *
 * @param maxConnections TCP connections the peer may use, 1..32
 * @param encrypted false after {@code use_encrypt=0}: tunnel bytes go straight over TCP (§5.6)
 * @param compressed every frame is one zlib stream (§5.5)
 * @param halfDuplex every connection carries one direction only (§4.3)
 * @param qos priority frames go on a dedicated connection (§5.7)
 * @param timeoutMillis the session timeout, 5 000..60 000 ms (§5.4)
 * @param superFrames both ends are EtherVPN peers that agreed on super-frames at login ({@code ethervpn_super_frames},
 *        which SoftEther ignores): the tunnel carries them ({@link org.ethervpn.protocol.SuperFrames}); never with
 *        compression
 */
public record SessionParameters(int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex,
        boolean qos, int timeoutMillis, boolean superFrames) {
    public static final int MAX_CONNECTIONS = 32;

    public SessionParameters {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " is not within 1..32");
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis must be positive");
        }
        if (superFrames && compressed) {
            throw new IllegalArgumentException("super-frames are never compressed");
        }
    }

    /** Without super-frames (a session with a SoftEther peer). */
    public SessionParameters(int maxConnections, boolean encrypted, boolean compressed, boolean halfDuplex, boolean qos,
            int timeoutMillis) {
        this(maxConnections, encrypted, compressed, halfDuplex, qos, timeoutMillis, false);
    }

    /** The PACK field both sides set to 1 at login (client) and in the welcome (server) to agree on super-frames. */
    public static final String SUPER_FRAMES_FIELD = "ethervpn_super_frames";

    /**
     * SoftEther's send-buffer share per connection, {@code max(2 560 000 / n, 320 000)} bytes (§5.2):
     * beyond it frames wait in the (bounded) session queue instead of the socket.
     */
    public int sendBufferShare() {
        return Math.max(2_560_000 / maxConnections, 320_000);
    }
}
