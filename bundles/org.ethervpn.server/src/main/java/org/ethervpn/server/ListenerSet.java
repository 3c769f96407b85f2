package org.ethervpn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.transport.Listener;
import org.ethervpn.server.config.ListenerConfig;
import org.osgi.service.log.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The TCP listeners. Each port is bound on the wildcard address, which on Linux takes IPv4 and
 * IPv6 in one socket; a port that cannot be bound is reported, remembered with its reason and
 * skipped, so one busy port never stops the server, and tried again every {@link #RETRY_SECONDS} s
 * (as SoftEther's listeners do) until it binds or is no longer wanted: a port still held by a
 * process that is just ending, or taken for a while by another program, comes back by itself.
 */
final class ListenerSet {
    static final int RETRY_SECONDS = 2;
    private static final String ERROR = "error: ";
    private final ServerContext ctx;
    private final Logger log;
    private final ChannelInitializer<Channel> initializer;
    private final Map<Integer, Listener> bound = new TreeMap<>();
    private final Map<Integer, String> status = new TreeMap<>();
    private ScheduledFuture<?> retry;

    /** @param initializer sets up each accepted connection */
    ListenerSet(ServerContext ctx, ChannelInitializer<Channel> initializer) {
        this.ctx = ctx;
        this.log = ctx.log();
        this.initializer = initializer;
    }

    /** Makes the bound set match {@code wanted}: binds new enabled ports, closes the others. */
    synchronized void apply(List<ListenerConfig> wanted) {
        Map<Integer, Boolean> target = new TreeMap<>();
        for (ListenerConfig l : wanted) {
            target.put(l.port(), l.enabled());
        }
        for (Integer port : List.copyOf(bound.keySet())) {
            if (!Boolean.TRUE.equals(target.get(port))) {
                bound.remove(port).close();
                log.info("Listener on TCP port {} closed", port);
            }
        }
        status.keySet().retainAll(target.keySet());
        for (Map.Entry<Integer, Boolean> e : target.entrySet()) {
            int port = e.getKey();
            if (!e.getValue()) {
                status.put(port, "disabled");
            } else if (!bound.containsKey(port)) {
                bind(port, true);
            }
        }
        retryLater();
    }

    /** While a wanted port failed to bind, a retry every few seconds (one task for all of them). */
    private void retryLater() {
        boolean failed = status.values().stream().anyMatch(v -> v.startsWith(ERROR));
        if (failed && retry == null) {
            retry = ctx.timer().scheduleWithFixedDelay(this::retryFailed, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        } else if (!failed && retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private synchronized void retryFailed() {
        if (retry == null) {
            return; // closed meanwhile
        }
        for (Map.Entry<Integer, String> e : List.copyOf(status.entrySet())) {
            if (e.getValue().startsWith(ERROR) && !bound.containsKey(e.getKey())) {
                bind(e.getKey(), false);
            }
        }
        retryLater();
    }

    /** @param report log a failure (the first attempt; retries fail quietly, the status keeps the reason) */
    private void bind(int port, boolean report) {
        try {
            InetSocketAddress address = ctx.options().bindAddress() == null ? new InetSocketAddress(port)
                    : new InetSocketAddress(InetAddress.getByName(ctx.options().bindAddress()), port);
            Listener l = ctx.plugins().transport().listen(address, initializer);
            bound.put(port, l);
            status.put(port, "listening");
            log.info("Listening on TCP port {} ({})", port, l.localAddress());
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            status.put(port, ERROR + reason);
            if (report) {
                log.warn("Cannot listen on TCP port {}: {}; skipped, tried again every {} s", port, reason, RETRY_SECONDS);
            }
        }
    }

    synchronized List<ListenerInfo> list(List<ListenerConfig> configured) {
        return configured.stream().map(l -> new ListenerInfo(l.port(), l.enabled(),
                status.getOrDefault(l.port(), l.enabled() ? "not bound" : "disabled"))).toList();
    }

    /** The actual local port of a bound listener (tests bind port 0... not used: ports are fixed). */
    synchronized InetSocketAddress localAddress(int port) {
        Listener l = bound.get(port);
        return l == null ? null : l.localAddress();
    }

    synchronized void closeAll() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        for (Listener l : bound.values()) {
            l.close();
        }
        bound.clear();
    }
}
