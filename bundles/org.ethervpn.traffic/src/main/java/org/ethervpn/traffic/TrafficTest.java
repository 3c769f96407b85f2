package org.ethervpn.traffic;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Throughput measurement between two machines over 1..32 TCP connections, speaking SoftEther's
 * traffic-test protocol, so either end may be SoftEther's {@code vpncmd /TOOLS} TrafficServer or
 * TrafficClient.
 */
@ProviderType
public interface TrafficTest {
    /** SoftEther's default TCP port of the traffic-test server. */
    int DEFAULT_PORT = 9821;

    /**
     * Listens on {@code port} (all addresses; 0 picks a free one) and serves clients until the
     * returned server is closed.
     *
     * @param events the server's messages (connections accepted and closed), may be null
     * @throws IOException the port cannot be opened
     */
    TrafficServer startServer(int port, TrafficListener events) throws IOException;

    /**
     * Connects {@code options.connections()} TCP connections to a server, moves data for
     * {@code options.span()} and completes with the result (exceptionally with an
     * {@link IOException} saying why when a connection fails or the server does not report).
     * Cancelling the future closes every connection.
     */
    CompletableFuture<TrafficResult> measure(TrafficOptions options, TrafficListener events);
}
