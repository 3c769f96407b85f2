package org.ethervpn.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ethervpn.api.admin.TcpConnectionInfo;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The server's TCP connections that are not (yet) part of a VPN session, for ConnectionList: every
 * accepted connection is here from its accept until it joins a session or closes. The name given at
 * accept stays the connection's name in the session, so logs and lists agree.
 */
final class Connections {
    private static final AttributeKey<String> NAME = AttributeKey.valueOf("ethervpn.connection");

    private static final class Entry {
        final String name;
        final Channel channel;
        final Instant since = Instant.now();
        volatile String type = TcpConnectionInfo.HANDSHAKE;
        volatile String client = "";

        Entry(String name, Channel channel) {
            this.name = name;
            this.channel = channel;
        }
    }

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    /** SoftEther's connection names: {@code CID-<server-wide counter>}. */
    String nextName() {
        return "CID-" + counter.incrementAndGet();
    }

    void accepted(Channel ch, String name) {
        ch.attr(NAME).set(name);
        open.put(name, new Entry(name, ch));
        ch.closeFuture().addListener(f -> open.remove(name));
    }

    /** The name given at accept (a channel not from {@link #accepted} gets none). */
    static String name(Channel ch) {
        return ch.attr(NAME).get();
    }

    /** The connection now carries admin calls of {@code type}; {@code client} is what it said it is. */
    void becomes(Channel ch, String type, String client) {
        Entry e = entry(ch);
        if (e != null) {
            e.type = type;
            e.client = client == null ? "" : client;
        }
    }

    /** It is part of a session now, listed there. */
    void joinedSession(Channel ch) {
        String name = name(ch);
        if (name != null) {
            open.remove(name);
        }
    }

    List<TcpConnectionInfo> list() {
        return open.values().stream().filter(e -> e.channel.isActive()).map(Connections::info)
                .sorted(Comparator.comparingLong(i -> Long.parseLong(i.name().substring(i.name().indexOf('-') + 1))))
                .toList();
    }

    Optional<TcpConnectionInfo> get(String name) {
        return Optional.ofNullable(name == null ? null : open.get(name)).map(Connections::info);
    }

    boolean close(String name) {
        Entry e = name == null ? null : open.remove(name);
        if (e == null) {
            return false;
        }
        e.channel.close();
        return true;
    }

    private Entry entry(Channel ch) {
        String name = name(ch);
        return name == null ? null : open.get(name);
    }

    private static TcpConnectionInfo info(Entry e) {
        InetSocketAddress remote = (InetSocketAddress) e.channel.remoteAddress();
        String host = remote == null ? "" : remote.getAddress().getHostAddress();
        return new TcpConnectionInfo(e.name, host, remote == null ? 0 : remote.getPort(), e.since, e.type, e.client);
    }
}
