package org.ethervpn.session;

import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * What a session is plugged into: a hub port on the server, a virtual adapter on a client. When it
 * has frames for the peer it calls {@link TunnelSession#wakeup()}; it must be quick and never block.
 */
public interface SessionLink {
    /**
     * Frames the peer sent, in arrival order; the link takes over their references (the list itself
     * is reused by the caller). Runs on the event loop of the connection they came in on.
     */
    void received(List<ByteBuf> frames);

    /**
     * Moves at most {@code max} frames waiting for the peer into {@code out}; the caller owns them.
     *
     * @return the number of frames moved
     */
    int drainTo(List<? super ByteBuf> out, int max);

    /**
     * Whether the link can take and give super-frames ({@link org.ethervpn.protocol.SuperFrames}), so a client
     * offers them at login. When the session agreed ({@link SessionParameters#superFrames()}), {@link #received} may
     * get super-frames; otherwise {@link #drainTo} must hand out none.
     */
    default boolean offersSuperFrames() {
        return false;
    }
}
