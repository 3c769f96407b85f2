package org.ethervpn.traffic.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;
import org.ethervpn.traffic.TrafficServer;
import org.ethervpn.traffic.TrafficTest;
import org.ethervpn.traffic.internal.TrafficReport;
import org.ethervpn.traffic.internal.TrafficTestService;

/**
 * {@code ethervpn traffic server|client ...}: SoftEther's TrafficServer and TrafficClient as a
 * command. Exit status: 0 done, 1 the measurement or the server failed, 2 bad arguments.
 */
public final class TrafficMain {
    private TrafficMain() {
    }

    static final String USAGE = """
            usage: ethervpn traffic server [--port PORT]
                   ethervpn traffic client HOST[:PORT] [--type download|upload|full] [--connections N]
                                           [--seconds S] [--raw] [--double] [--json]
            The port defaults to 9821, the type to full, N to 32 (1..32; even for full), S to 15.
            --raw (or --no-delay-correction): no Ethernet-frame correction (the TCP stream bytes as they
              are; SoftEther's /RAW).
            --double: double the rates (the total through a relay device; SoftEther's /DOUBLE).
            --json: the result as JSON on stdout (messages and progress go to stderr).
            """;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = new ArrayList<>(List.of(args));
        if (a.isEmpty() || a.contains("-h") || a.contains("--help")) {
            err.print(USAGE);
            return 2;
        }
        String mode = a.remove(0);
        try (TrafficTestService service = new TrafficTestService()) {
            return switch (mode) {
                case "server" -> server(service, a, out, err);
                case "client" -> client(service, a, out, err);
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "' (server or client)");
            };
        } catch (IllegalArgumentException e) {
            err.println("ethervpn traffic: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static int server(TrafficTest service, List<String> a, PrintStream out, PrintStream err) {
        int port = TrafficTest.DEFAULT_PORT;
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "--port" -> port = intArg(a, ++i, "--port");
                default -> port = intArg(a, i, "port");
            }
        }
        TrafficServer server;
        try {
            server = service.startServer(port, line(out));
        } catch (java.io.IOException e) {
            err.println("ethervpn traffic: " + e.getMessage());
            return 1;
        }
        out.println("The traffic-test server runs until Ctrl-C (or SIGTERM).");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "traffic-server-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int client(TrafficTest service, List<String> a, PrintStream out, PrintStream err) {
        String host = null;
        String type = "full";
        int connections = TrafficOptions.MAX_CONNECTIONS;
        int seconds = 15;
        boolean raw = false;
        boolean doubled = false;
        boolean json = false;
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            switch (s) {
                case "--type" -> type = strArg(a, ++i, s);
                case "--connections" -> connections = intArg(a, ++i, s);
                case "--seconds" -> seconds = intArg(a, ++i, s);
                case "--raw", "--no-delay-correction" -> raw = true;
                case "--double" -> doubled = true;
                case "--json" -> json = true;
                default -> {
                    if (s.startsWith("--") || host != null) {
                        throw new IllegalArgumentException("unexpected argument '" + s + "'");
                    }
                    host = s;
                }
            }
        }
        if (host == null) {
            throw new IllegalArgumentException("no server given (HOST[:PORT])");
        }
        TrafficOptions options = TrafficOptions.parse(host, type, connections, seconds, raw, doubled);
        PrintStream info = json ? err : out;
        info.print(TrafficReport.parameters(options));
        info.println();
        CompletableFuture<TrafficResult> f = service.measure(options, new TrafficListener() {
            @Override
            public void message(String line) {
                info.println(line);
            }

            @Override
            public void progress(TrafficSample sample) {
                info.println(TrafficReport.progress(sample, options));
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> f.cancel(false), "traffic-client-stop"));
        try {
            TrafficResult r = f.get();
            if (json) {
                out.print(TrafficReport.json(options, r));
            } else {
                out.println();
                out.print(TrafficReport.table(r));
            }
            return 0;
        } catch (ExecutionException e) {
            err.println("ethervpn traffic: " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            err.println("ethervpn traffic: cancelled");
            return 1;
        }
    }

    private static TrafficListener line(PrintStream out) {
        return new TrafficListener() {
            @Override
            public void message(String line) {
                out.println(line);
            }
        };
    }

    private static String strArg(List<String> a, int i, String name) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return a.get(i);
    }

    private static int intArg(List<String> a, int i, String name) {
        String s = strArg(a, i, name);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + s + "'");
        }
    }
}
