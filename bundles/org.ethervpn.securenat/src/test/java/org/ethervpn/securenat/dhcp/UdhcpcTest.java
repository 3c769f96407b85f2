package org.ethervpn.securenat.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.securenat.engine.EngineHarness;
import org.ethervpn.securenat.engine.FlowLimits;
import org.ethervpn.securenat.engine.Netns;
import org.ethervpn.tap.TapAdapterFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A real DHCP client against the server: busybox udhcpc in a network namespace of the test's own, on
 * a TAP device whose frames the test carries to and from an {@link EngineHarness} (one thread owns
 * the engine). udhcpc's script records what it was given and configures the interface with it; the
 * namespace then pings the virtual host, and a second run releases the lease on exit. Root only.
 */
class UdhcpcTest {
    private static final String ROUTES = "10.99.0.0/16/192.168.30.254";

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void busyboxUdhcpcGetsAddressGatewayDnsAndRoutes() throws Exception {
        String skip = Netns.skipReason("busybox");
        Assumptions.assumeTrue(skip == null, () -> "real DHCP client test skipped: " + skip);
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String ns = "evsd" + id;
        String dev = "evsdt" + id;
        Path dir = Files.createTempDirectory("evsd");
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-" + ns));
        EngineHarness h = new EngineHarness(DhcpServerTest.options(1400, "192.168.30.10", "192.168.30.200", "192.168.30.2",
                "vpn.test", ROUTES), FlowLimits.DEFAULT);
        DhcpServer.install(h.engine);
        h.start();
        Netns.run("ip", "netns", "add", ns);
        VirtualAdapter tap = null;
        try {
            Netns.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
            Netns.run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            tap = Netns.inside(ns, () -> new TapAdapterFactory().open(dev));
            VirtualAdapter out = tap;
            tap.startReceiving((frames, count) -> {
                for (int i = 0; i < count; i++) {
                    ByteBuf copy = Unpooled.copiedBuffer(frames[i]);
                    loop.execute(() -> {
                        h.send(copy);
                        for (ByteBuf f; (f = h.take()) != null;) {
                            try {
                                out.write(f.nioBuffer());
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            } finally {
                                f.release();
                            }
                        }
                    });
                }
            });
            Path script = script(dir);
            String udhcpc = String.join(" ", "busybox", "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "1", "-i", dev, "-s",
                    script.toString(), "-x", "hostname:evclient", "-O", "staticroutes", "-O", "mtu");
            String first = Netns.run("ip", "netns", "exec", ns, "sh", "-c", udhcpc + " 2>&1");
            Map<String, String> env = env(dir.resolve("bound"));
            assertEquals("192.168.30.10", env.get("ip"), first);
            assertEquals("255.255.255.0", env.get("subnet"));
            assertEquals("192.168.30.1", env.get("router"));
            assertEquals("192.168.30.1 192.168.30.2", env.get("dns").trim());
            assertEquals("vpn.test", env.get("domain"));
            assertEquals("1400", env.get("mtu"));
            assertEquals("7200", env.get("lease"));
            assertEquals("192.168.30.1", env.get("serverid"));
            assertEquals("10.99.0.0/16 192.168.30.254 0.0.0.0/0 192.168.30.1", env.get("staticroutes").trim());

            String routes = Netns.run("ip", "netns", "exec", ns, "ip", "route", "show");
            assertTrue(routes.contains("10.99.0.0/16 via 192.168.30.254"), routes);
            assertTrue(routes.contains("default via 192.168.30.1"), routes);
            Netns.run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "3", "192.168.30.1"); // ARP and ICMP through the engine

            List<DhcpLease> leases = loop.submit(() -> h.engine.dhcpLeases()).get();
            assertEquals(1, leases.size(), leases::toString);
            assertEquals("192.168.30.10", leases.get(0).ip());
            assertEquals("evclient", leases.get(0).hostname());

            // again as a daemon: the same address by MAC, a unicast renewal (SIGUSR1), a release on exit (-R, SIGTERM)
            Files.delete(dir.resolve("bound"));
            Process daemon = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "udhcpc", "-f", "-R", "-t", "5", "-T", "1",
                    "-i", dev, "-s", script.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("udhcpc.log").toFile()).start();
            try {
                awaitFile(dir.resolve("bound"), daemon);
                assertEquals("192.168.30.10", env(dir.resolve("bound")).get("ip"));
                Netns.run("kill", "-USR1", Long.toString(daemon.pid()));
                awaitFile(dir.resolve("renew"), daemon);
                assertEquals("192.168.30.10", env(dir.resolve("renew")).get("ip"));
            } finally {
                daemon.destroy();
                if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            String log = Files.readString(dir.resolve("udhcpc.log"));
            assertTrue(log.contains("sending renew to server 192.168.30.1") && log.contains("unicasting a release"), log);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!loop.submit(() -> h.engine.dhcpLeases()).get().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(loop.submit(() -> h.engine.dhcpLeases()).get().isEmpty(), () -> "released: " + log);
            assertEquals(0, loop.submit(() -> h.engine.status().framesDropped()).get());
        } finally {
            if (tap != null) {
                tap.close();
            }
            loop.submit(h::close).get();
            loop.shutdown();
            Netns.run("ip", "netns", "delete", ns);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** udhcpc's script: records the variables of each event and, when bound, configures the interface. */
    private static Path script(Path dir) throws IOException {
        Path s = dir.resolve("script.sh");
        Files.writeString(s, """
                #!/bin/sh
                event=$1
                env > "%s/$event.tmp" && mv "%s/$event.tmp" "%s/$event"   # whole, so the test never reads it half written
                if [ "$event" = bound ]; then
                  ip addr add "$ip/$subnet" dev "$interface" 2>/dev/null
                  [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
                  set -- $staticroutes
                  while [ $# -ge 2 ]; do
                    ip route replace "$1" via "$2" dev "$interface"
                    shift 2
                  done
                fi
                exit 0
                """.formatted(dir, dir, dir));
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private static void awaitFile(Path file, Process p) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), () -> "udhcpc did not reach " + file.getFileName());
    }

    private static Map<String, String> env(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
