package org.ethervpn.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ethervpn aot}: the JDK AOT caches of the server and client runtimes are made from a
 * training start, a server start uses its cache, and a stale or broken cache is skipped without a
 * word: the server starts as without one.
 */
class AotCacheTest {
    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @TempDir
    Path home;

    @Test
    void cachesAreMadeUsedAndSkippedWhenStaleOrBroken() throws Exception {
        Path tar = Path.of(System.getProperty("ethervpn.dist.tar"));
        assertTrue(Files.isRegularFile(tar), "build the product first: " + tar);
        assertEquals(0, exec(List.of("tar", "xzf", tar.toString()), 60).code());
        Path dist = home.resolve(System.getProperty("ethervpn.dist.dir"));
        Path bin = dist.resolve("bin/ethervpn");

        Run aot = exec(List.of(bin.toString(), "aot"), 300);
        assertEquals(0, aot.code(), aot.all());
        Path serverCache = dist.resolve("lib/aot/ethervpn-server.aot");
        for (String name : List.of("server", "client")) {
            Path cache = dist.resolve("lib/aot/ethervpn-" + name + ".aot");
            assertTrue(Files.size(cache) > 1_000_000, cache + ": " + aot.all());
            assertFalse(Files.exists(Path.of(cache + ".tmp")), "a half-written cache is left");
        }

        // a data directory with one listener on a free high port: never the default ones
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("server.json"), """
                {"format": "ethervpn-server-config", "version": 1,
                 "listeners": [{"port": %d, "enabled": true}], "hubs": []}
                """.formatted(20000 + ThreadLocalRandom.current().nextInt(20000)));

        assertEquals(serverCache.toString(), startAndReadCache(bin, data), "a fresh cache is used");

        // broken: the JVM refuses it; the launcher's -Xlog keeps that out of the log
        Files.write(serverCache, new byte[4096]);
        assertEquals(serverCache.toString(), startAndReadCache(bin, data));
        String console = Files.readString(data.resolve("logs/console.log"));
        assertFalse(console.contains("][aot") || console.contains("][cds") || console.contains("AOT cache"), console);

        // stale: a jar newer than its cache (a new build) is started without it
        Files.setLastModifiedTime(dist.resolve("lib/ethervpn-server.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals("", startAndReadCache(bin, data), "a stale cache is skipped");
    }

    /** Starts the server on {@code data}, returns the -XX:AOTCache its JVM got ("" for none), stops it. */
    private String startAndReadCache(Path bin, Path data) throws Exception {
        Run r = exec(List.of(bin.toString(), "server", "--data", data.toString()), 120);
        try {
            assertEquals(0, r.code(), r.all());
            long pid = Long.parseLong(Files.readString(data.resolve("run/server.pid")).trim());
            for (String arg : Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")) {
                if (arg.startsWith("-XX:AOTCache=")) {
                    return arg.substring("-XX:AOTCache=".length());
                }
            }
            return "";
        } finally {
            Run stop = exec(List.of(bin.toString(), "stop", "--data", data.toString()), 60);
            assertEquals(0, stop.code(), stop.all());
        }
    }

    private Run exec(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(home.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
