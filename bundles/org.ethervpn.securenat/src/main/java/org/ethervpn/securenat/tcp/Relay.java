package org.ethervpn.securenat.tcp;

import io.netty.buffer.ByteBuf;

/** The socket side of one TCP flow, as its {@link TcpConnection} drives it. Called on the engine's loop only. */
interface Relay {
    /** Queues client data toward the destination (takes the reference); sent at the next {@link #flush()}. */
    void write(ByteBuf data);

    void flush();

    /** Bytes the socket side can take now (what we advertise as our receive window, bounded by the caller). */
    int room();

    /** Stops or resumes reading the destination (back-pressure while the client is slow). */
    void readable(boolean on);

    /** The client sent FIN: half-close toward the destination once the queued data is written. */
    void shutdownOutput();

    /** Abortive close (the destination sees a reset). */
    void reset();

    /** Orderly close once the queued data is written. */
    void close();
}
