package org.ethervpn.securenat.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for SecureNAT's tests with real clients (root only): commands with a timeout,
 * and threads that join a namespace with setns(2), so the sockets and TAP devices they create live there.
 */
public final class Netns {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LIBC.find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Netns() {
    }

    /** Why a test needing root, /dev/net/tun, ip(8) and {@code tools} cannot run here, or null. */
    public static String skipReason(String... tools) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[1].equals("0")) {
                    return "needs root (creates network namespaces and a TAP device)";
                }
            }
            if (!Files.exists(Path.of("/dev/net/tun"))) {
                return "no /dev/net/tun";
            }
            List<String> all = new ArrayList<>(List.of("ip"));
            all.addAll(List.of(tools));
            for (String tool : all) {
                if (exec("sh", "-c", "command -v " + tool).exit() != 0) {
                    return tool + " is not installed";
                }
            }
        } catch (IOException e) {
            return "cannot check the environment: " + e;
        }
        return null;
    }

    public record Result(int exit, String output) {
    }

    /** Runs a command (at most 90 s) and returns its exit code and output. */
    public static Result exec(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer in 90 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its output. */
    public static String run(String... cmd) throws IOException {
        Result r = exec(cmd);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** Moves the calling thread into namespace {@code ns} for good (e.g. an event loop's thread, first thing). */
    public static void enter(String ns) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom("/var/run/netns/" + ns), 0x80000 /* O_RDONLY|O_CLOEXEC */);
            if (fd < 0) {
                throw new IOException("cannot open namespace " + ns);
            }
            int rc = (int) SETNS.invokeExact(fd, 0x40000000 /* CLONE_NEWNET */);
            int ignored = (int) CLOSE.invokeExact(fd);
            if (rc != 0) {
                throw new IOException("setns(" + ns + ") failed");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Runs {@code action} on a fresh thread inside namespace {@code ns}. */
    public static <T> T inside(String ns, Callable<T> action) throws Exception {
        List<Object> result = new ArrayList<>();
        List<Throwable> failure = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                enter(ns);
                result.add(action.call());
            } catch (Throwable e) {
                failure.add(e);
            }
        });
        t.join();
        if (!failure.isEmpty()) {
            throw new IOException("in namespace " + ns, failure.get(0));
        }
        @SuppressWarnings("unchecked")
        T r = (T) result.get(0);
        return r;
    }
}
