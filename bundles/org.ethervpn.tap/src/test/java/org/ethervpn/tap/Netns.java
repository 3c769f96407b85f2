package org.ethervpn.tap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A network namespace of the test's own, created with ip(8) and entered by a helper thread via setns(2). */
final class Netns implements AutoCloseable {
    final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Why the real TAP tests cannot run here, or null. */
    static String skipReason() {
        String reason = packetSkipReason();
        return reason == null && !TapSupport.tunDeviceExists() ? "no /dev/net/tun" : reason;
    }

    /** Why the real packet-socket tests (root, namespaces, veth) cannot run here, or null. */
    static String packetSkipReason() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        if (TapSupport.unavailableReason() != null) {
            return TapSupport.unavailableReason();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[1].equals("0")) {
                    return "needs root (creates network namespaces and interfaces)";
                }
            }
            if (run("ip", "-V").exit != 0) {
                return "no ip(8)";
            }
        } catch (IOException e) {
            return "cannot check the environment: " + e;
        }
        return null;
    }

    static Netns create() throws IOException {
        String name = "evtap" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, 1 << 28));
        run("ip", "netns", "add", name).check();
        return new Netns(name);
    }

    /** Runs {@code action} on a fresh thread that has first joined this namespace (TUNSETIFF, ioctls and AF_PACKET then act here). */
    <T> T inside(Callable<T> action) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("in-" + name).start(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment state = Libc.newCallState(a);
                int fd = Libc.open(state, a.allocateFrom("/var/run/netns/" + name), Libc.O_CLOEXEC);
                if (fd < 0) {
                    throw new IOException("open netns " + name + ": " + Libc.strerror(Libc.errno(state)));
                }
                try {
                    if (Libc.setns(state, fd, Libc.CLONE_NEWNET) < 0) {
                        throw new IOException("setns " + name + ": " + Libc.strerror(Libc.errno(state)));
                    }
                } finally {
                    Libc.close(state, fd);
                }
                result[0] = action.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    /** {@code ip netns exec <ns> cmd...} */
    Result exec(String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(cmd));
        return run(all.toArray(String[]::new));
    }

    Process start(String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(List.of(cmd));
        return new ProcessBuilder(all).redirectErrorStream(true).start();
    }

    @Override
    public void close() throws IOException {
        run("ip", "netns", "delete", name).check();
    }

    record Result(String command, int exit, String output) {
        Result check() throws IOException {
            if (exit != 0) {
                throw new IOException(command + " exited " + exit + ": " + output);
            }
            return this;
        }
    }

    static Result run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(String.join(" ", cmd), p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code data} over one TCP connection from namespace {@code from} to a listener on {@code toIp}:5201 in
     * namespace {@code to} (the sockets are created by threads inside them) and returns what arrived.
     */
    static byte[] sendOverTcp(Netns from, Netns to, String toIp, byte[] data) throws Exception {
        InetAddress ip = InetAddress.getByName(toIp);
        ServerSocket server = to.inside(() -> new ServerSocket(5201, 1, ip));
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("tcp-reader").start(() -> {
            try (server; Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                received.complete(s.getInputStream().readAllBytes());
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        });
        Socket client = from.inside(() -> { // connected in this namespace, written from any thread
            Socket s = new Socket();
            s.connect(new InetSocketAddress(ip, 5201), 5000);
            return s;
        });
        try (client) {
            Thread.ofPlatform().daemon().name("tcp-writer").start(() -> { // own thread: the common pool may have one
                try (OutputStream out = client.getOutputStream()) {
                    out.write(data);
                } catch (IOException e) {
                    // the caller's assertions say what went wrong
                }
            });
            return received.get(30, TimeUnit.SECONDS);
        } // closing the client unblocks a writer stuck on a stalled connection
    }
}
