package org.ethervpn.traffic.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficServer;
import org.ethervpn.traffic.TrafficTest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@link TrafficTest} service: servers and measurements share one event-loop group. Needs no
 * OSGi to run: {@code ethervpn traffic} constructs it from a plain {@code main}.
 */
@Component(service = TrafficTest.class)
public final class TrafficTestService implements TrafficTest, AutoCloseable {
    private final Io io;

    @Activate
    public TrafficTestService() {
        io = Io.create();
    }

    @Override
    public TrafficServer startServer(int port, TrafficListener events) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        return new TrafficServerImpl(io, port, events);
    }

    @Override
    public CompletableFuture<TrafficResult> measure(TrafficOptions options, TrafficListener events) {
        ClientRun run = new ClientRun(io, options, events);
        run.start();
        return run.future;
    }

    @Deactivate
    @Override
    public void close() {
        io.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
