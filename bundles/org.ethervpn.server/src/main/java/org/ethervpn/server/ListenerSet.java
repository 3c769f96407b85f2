package org.ethervpn.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.transport.Listener;
import org.ethervpn.server.config.ListenerConfig;
import org.osgi.service.log.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The TCP listeners. Each port is bound on the wildcard address, which on Linux takes IPv4 and
 * IPv6 in one socket; a port that cannot be bound is reported, remembered with its reason and
 * skipped, so one busy port never stops the server.
 */
final class ListenerSet {
    private final ServerContext ctx;
    private final Logger log;
    private final ChannelInitializer<Channel> initializer;
    private final Map<Integer, Listener> bound = new TreeMap<>();
    private final Map<Integer, String> status = new TreeMap<>();

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
                bind(port);
            }
        }
    }

    private void bind(int port) {
        try {
            InetSocketAddress address = ctx.options().bindAddress() == null ? new InetSocketAddress(port)
                    : new InetSocketAddress(InetAddress.getByName(ctx.options().bindAddress()), port);
            Listener l = ctx.plugins().transport().listen(address, initializer);
            bound.put(port, l);
            status.put(port, "listening");
            log.info("Listening on TCP port {} ({})", port, l.localAddress());
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            status.put(port, "error: " + reason);
            log.warn("Cannot listen on TCP port {}: {}; skipped", port, reason);
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
        for (Listener l : bound.values()) {
            l.close();
        }
        bound.clear();
    }
}
