package org.ethervpn.securenat.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.ethervpn.securenat.engine.NatLog;

/**
 * The nameservers the DNS proxy forwards to: the server's own, from {@code /etc/resolv.conf} (inside
 * {@code ip netns exec} that path shows {@code /etc/netns/<ns>/resolv.conf}). The file is read at start
 * and again when its modification time changed (looked at no more than once a second), so an edited
 * resolv.conf takes effect without a restart.
 */
public final class Resolvers implements Supplier<List<InetSocketAddress>> {
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** glibc's MAXNS: later nameserver lines are ignored by the OS too. */
    static final int MAX_SERVERS = 3;
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final long recheckNanos;

    private final Path file;
    private final NatLog log;
    private List<InetSocketAddress> servers = List.of();
    private FileTime read;
    private long checked;
    private boolean missingLogged;

    public Resolvers(Path file, NatLog log) {
        this(file, log, RECHECK_NANOS);
    }

    Resolvers(Path file, NatLog log, long recheckNanos) {
        this.file = file;
        this.log = log;
        this.recheckNanos = recheckNanos;
        this.checked = System.nanoTime() - recheckNanos;
        get();
    }

    /** The current nameservers (port 53), possibly none. Cheap: call on every query. */
    @Override
    public synchronized List<InetSocketAddress> get() {
        long now = System.nanoTime();
        if (now - checked < recheckNanos) {
            return servers;
        }
        checked = now;
        try {
            FileTime t = Files.getLastModifiedTime(file);
            if (!t.equals(read)) {
                read = t;
                servers = parse(Files.readString(file, StandardCharsets.UTF_8));
                missingLogged = false;
                log.info("SecureNAT DNS proxy: nameservers from " + file + ": " + servers);
            }
        } catch (NoSuchFileException e) {
            read = null;
            servers = List.of();
            if (!missingLogged) {
                missingLogged = true;
                log.warn("SecureNAT DNS proxy: " + file + " does not exist; queries are answered SERVFAIL");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("SecureNAT DNS proxy: cannot read " + file + " (" + e + "); keeping " + servers);
        }
        return servers;
    }

    /** The {@code nameserver} lines of a resolv.conf (IP literals only, at most three). */
    static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 2 || !w[0].equals("nameserver") || out.size() >= MAX_SERVERS) {
                continue;
            }
            try {
                InetAddress a = InetAddress.ofLiteral(w[1]);
                if (!a.isAnyLocalAddress()) {
                    out.add(new InetSocketAddress(a, 53));
                }
            } catch (IllegalArgumentException e) {
                // not an IP literal (glibc ignores it too)
            }
        }
        return List.copyOf(out);
    }
}
