package org.ethervpn.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a process's resident memory, threads, open file descriptors and CPU time from /proc, and
 * (for a JVM) its heap in use after a full GC through {@code jcmd}.
 */
final class ProcessSampler {
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat on every Linux architecture we run on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path proc;

    ProcessSampler(long pid) {
        this.pid = pid;
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return Files.isDirectory(proc);
    }

    /** VmRSS in MiB. */
    double rssMiB() {
        return status("VmRSS") / 1024.0;
    }

    long threads() {
        return status("Threads");
    }

    long fds() {
        try (Stream<Path> s = Files.list(proc.resolve("fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User plus system CPU seconds used so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // after "(comm)" the fields go on from the 3rd; utime and stime are the 14th and 15th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in MiB; NaN for a process that is no JVM. */
    double heapAfterGcMiB() {
        if (jcmd("GC.run") == null) {
            return Double.NaN;
        }
        String info = jcmd("GC.heap_info");
        Matcher m = info == null ? null : HEAP_USED.matcher(info);
        return m != null && m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private long status(String key) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
