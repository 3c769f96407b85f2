package org.ethervpn.traffic.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;
import org.ethervpn.traffic.TrafficServer;
import org.ethervpn.traffic.TrafficTest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vpn:trafficclient} and {@code vpn:trafficserver} (vpncmd's TrafficClient/TrafficServer in
 * lower case, as every vpn: command): thin over {@link TrafficTest}. A server started here runs in
 * the runtime until {@code vpn:trafficserverstop}; the client blocks the command until its result.
 */
@Component(service = TrafficCommands.class, immediate = true) // immediate: its servers outlive each command
@GogoCommand(scope = "vpn", function = {"trafficclient", "trafficserver", "trafficserverstop", "trafficserverlist"})
public final class TrafficCommands {
    private final TrafficTest traffic;
    private final Map<Integer, TrafficServer> servers = new TreeMap<>();

    @Activate
    public TrafficCommands(@Reference TrafficTest traffic) {
        this.traffic = traffic;
    }

    @Deactivate
    synchronized void stopAll() {
        servers.values().forEach(TrafficServer::close);
        servers.clear();
    }

    @Descriptor("measure the throughput to a traffic-test server (ours or SoftEther's TrafficServer); prints progress, then vpncmd's table")
    public String trafficclient(CommandSession session,
            @Descriptor("download, upload or full") @Parameter(names = "--type", absentValue = "full") String type,
            @Descriptor("TCP connections 1..32 (even for full)") @Parameter(names = "--connections", absentValue = "32") int connections,
            @Descriptor("seconds of data transfer") @Parameter(names = "--seconds", absentValue = "15") int seconds,
            @Descriptor("no Ethernet-frame correction") @Parameter(names = {"--raw", "--no-delay-correction"}, absentValue = "false", presentValue = "true") boolean raw,
            @Descriptor("double the rates (relay device in + out)") @Parameter(names = "--double", absentValue = "false", presentValue = "true") boolean doubled,
            @Descriptor("server HOST[:PORT] (port 9821 if left out)") String server) throws IOException, InterruptedException {
        TrafficOptions options = TrafficOptions.parse(server, type, connections, seconds, raw, doubled);
        PrintStream out = session != null ? session.getConsole() : System.out;
        out.print(TrafficReport.parameters(options));
        out.flush();
        CompletableFuture<TrafficResult> f = traffic.measure(options, new TrafficListener() {
            @Override
            public void message(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void progress(TrafficSample sample) {
                out.println(TrafficReport.progress(sample, options));
                out.flush();
            }
        });
        try {
            return TrafficReport.table(f.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | CancellationException e) {
            f.cancel(false);
            throw e;
        }
    }

    @Descriptor("start a traffic-test server in this runtime (SoftEther's TrafficServer) until vpn:trafficserverstop")
    public synchronized String trafficserver(@Descriptor("TCP port (default 9821)") @Parameter(names = "--port",
            absentValue = "9821") int port) throws IOException {
        if (servers.containsKey(port)) {
            throw new IllegalArgumentException("a traffic-test server already listens on port " + port);
        }
        TrafficServer s = traffic.startServer(port, null);
        servers.put(s.port(), s);
        return "traffic-test server listening on TCP port " + s.port();
    }

    @Descriptor("stop the traffic-test server on a port")
    public synchronized String trafficserverstop(@Descriptor("TCP port (default 9821)") @Parameter(names = "--port",
            absentValue = "9821") int port) {
        TrafficServer s = servers.remove(port);
        if (s == null) {
            throw new IllegalArgumentException("no traffic-test server of this runtime listens on port " + port);
        }
        s.close();
        return "traffic-test server on TCP port " + port + " stopped";
    }

    @Descriptor("the traffic-test servers of this runtime: port and open connections")
    public synchronized String trafficserverlist() {
        StringBuilder sb = new StringBuilder();
        servers.forEach((p, s) -> sb.append("port ").append(p).append(": ").append(s.connections()).append(" connections\n"));
        return sb.isEmpty() ? "no traffic-test server runs" : sb.toString().stripTrailing();
    }
}
