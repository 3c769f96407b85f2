package org.ethervpn.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * The peer broke the tunnel stream's framing or limits; SoftEther closes the TCP connection in this
 * case (the session may live on over its other connections).
 */
public class TunnelProtocolException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    public TunnelProtocolException(String message) {
        super(message);
    }
}
