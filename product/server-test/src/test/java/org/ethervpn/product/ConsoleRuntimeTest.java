package org.ethervpn.product;

import static org.ethervpn.product.Interop.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ethervpn.product.Interop.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ethervpn console} from the distribution: the OSGi runtime (SWT host and GTK fragment in
 * Felix, the console bundles, the admin RPC client) opens its window on a private Xvfb, and says
 * clearly when there is no display.
 */
class ConsoleRuntimeTest {
    @TempDir
    Path home;

    @Test
    void theConsoleRuntimeOpensItsWindow() throws Exception {
        Process xvfb = UiDriver.startXvfb();
        assumeTrue(xvfb != null, "skipped: no Xvfb (Debian xvfb; CI installs it)");
        Process console = null;
        try {
            Path dist = Interop.unpackDistribution(home);
            Path data = home.resolve("console-data");
            ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/ethervpn").toString(), "console", "--data", data.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("DISPLAY", UiDriver.display(xvfb));
            long t0 = System.nanoTime();
            console = pb.start();
            Path ready = data.resolve("run/console");
            Process c = console;
            UiDriver.poll("run/console (the window is open)", () -> Files.exists(ready) || !c.isAlive());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(console.isAlive(), "the console exited: " + Files.readString(home.resolve("out.txt"))
                    + Interop.tail(data.resolve("logs/console.log"), 30));
            String text = Files.readString(ready);
            assertTrue(text.startsWith("ok window"), text);
            System.out.println("ethervpn console: window open " + ms + " ms after the launch (" + text.strip() + ")");
            assertTrue(Files.isDirectory(data.resolve("run/swt")), "SWT's natives go to the data directory");
        } finally {
            if (console != null) {
                console.destroy(); // TERM: the framework stops, the window goes
                assertTrue(console.waitFor(20, TimeUnit.SECONDS), "the console stops on TERM");
            }
            xvfb.destroy();
        }
    }

    @Test
    void serverWithConsoleManagesItselfInProcess() throws Exception {
        assumeTrue(Interop.isRoot(), "needs root: a network namespace for the server (CI runs as root)");
        Process xvfb = UiDriver.startXvfb();
        assumeTrue(xvfb != null, "skipped: no Xvfb (Debian xvfb; CI installs it)");
        Path dist = Interop.unpackDistribution(home);
        Path bin = dist.resolve("bin/ethervpn");
        Path data = home.resolve("server");
        String ns = Interop.labPrefix().replace("evi", "evk");
        try {
            Interop.sh(home, "ip netns add " + ns + " && ip -n " + ns + " link set lo up");
            // the X server's socket is a file under /tmp/.X11-unix, so a namespaced process reaches it
            Run r = Interop.exec(home, command("ip", "netns", "exec", ns, bin, "server", "--console", "--data", data),
                    Map.of("DISPLAY", UiDriver.display(xvfb)), Duration.ofSeconds(60), null);
            assertEquals(0, r.code(), r.toString());
            Path ready = data.resolve("console/run/console");
            UiDriver.poll("the console window in the server runtime", () -> Files.exists(ready));
            assertTrue(Files.readString(ready).startsWith("ok window"));
            UiDriver.poll("the console on the in-process VpnServerAdmin", () -> Interop.tail(data.resolve("logs/ethervpn.log"), 200)
                    .contains("the console manages this server in-process"));
            assertTrue(Interop.evShell(home, ns, bin, data, "vpn:hublist").contains("DEFAULT"), "the server works on");
            // a view plugin dropped into plugins/ reaches the running console, and leaves when deleted
            Path jar = ViewPluginJar.build(home.resolve("plugin"), "Hello plugin");
            Files.copy(jar, data.resolve("plugins/evtest.view.jar.part"));
            Files.move(data.resolve("plugins/evtest.view.jar.part"), data.resolve("plugins/evtest.view.jar"));
            UiDriver.poll("the plugin's view in the console", () -> Interop.tail(data.resolve("logs/ethervpn.log"), 200)
                    .contains("console view added: Hello plugin (evtest.view)"));
            Files.delete(data.resolve("plugins/evtest.view.jar"));
            UiDriver.poll("the plugin's view gone", () -> Interop.tail(data.resolve("logs/ethervpn.log"), 200)
                    .contains("console view removed: Hello plugin (evtest.view)"));
            assertTrue(Files.readString(data.resolve("console/run/console")).startsWith("ok"), "the console stays");
            String bundles = Interop.evShell(home, ns, bin, data, "lb");
            assertTrue(bundles.contains("EtherVPN console: the SWT desktop manager") && bundles.contains("Standard Widget Toolkit for GTK"),
                    bundles);
        } finally {
            Interop.dropLab(home, ns, bin, data);
            xvfb.destroy();
        }
    }

    @Test
    void aDisplayThatCannotBeOpenedEndsTheConsoleWithTheReason() throws Exception {
        Path dist = Interop.unpackDistribution(home);
        Run r = Interop.exec(home, command(dist.resolve("bin/ethervpn"), "console", "--data", home.resolve("d2")),
                Map.of("DISPLAY", ":64999"), Duration.ofSeconds(60), null);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("the window did not open") && r.out().contains("cannot open the SWT display"), r.out());
    }

    @Test
    void withoutADisplayItSaysSo() throws Exception {
        Path dist = Interop.unpackDistribution(home);
        Run r = Interop.exec(home, command("env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", dist.resolve("bin/ethervpn"),
                "console", "--data", home.resolve("d")), Map.of(), Duration.ofSeconds(30), null);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.out().contains("no display"), r.out());
    }
}
