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
}
