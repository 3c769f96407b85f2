package org.ethervpn.traffic.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;

/**
 * One client measurement: connects the connections one after the other (to the address the name
 * resolved to first), starts them together, halts them after the span and waits (at most 60 s)
 * for the server's upload counts. Everything ends in {@link #future} exactly once.
 */
final class ClientRun {
    /** How long the server may take to report the upload counts after the span. */
    static final long REPORT_TIMEOUT_MS = 60_000;

    final CompletableFuture<TrafficResult> future = new CompletableFuture<>();
    private final Io io;
    private final TrafficOptions options;
    private final TrafficListener events;
    private final List<ClientSide> sides = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final AtomicInteger reportsMissing = new AtomicInteger();
    private final AtomicInteger haltsMissing = new AtomicInteger();
    private InetSocketAddress target;
    private volatile long startNanos;
    private volatile long spanMillis;

    ClientRun(Io io, TrafficOptions options, TrafficListener events) {
        this.io = io;
        this.options = options;
        this.events = events != null ? events : new TrafficListener() { };
        future.whenComplete((r, e) -> closeAll());
    }

    void start() {
        try {
            target = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        } catch (IOException e) {
            fail("cannot resolve " + options.host() + ": " + e.getMessage());
            return;
        }
        events.message("Connecting " + options.connections() + " TCP connections to " + options.host() + " ("
                + target.getAddress().getHostAddress() + ") port " + options.port() + ".");
        connect(0);
    }

    private void connect(int index) {
        if (future.isDone()) {
            return;
        }
        ClientSide side = new ClientSide(this, index + 1, options.downloads(index));
        ChannelFuture f = new Bootstrap().group(io.group()).channel(io.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Sender.WATER_MARK)
                .handler(side).connect(target);
        synchronized (this) {
            sides.add(side);
            channels.add(f.channel());
        }
        f.addListener(r -> {
            if (!r.isSuccess()) {
                fail("TCP connection " + (index + 1) + " could not connect: " + r.cause().getMessage());
            }
        });
    }

    /** A connection saw the banner: connect the next one, or start when all are there. */
    void connected(ClientSide side) {
        events.message("TCP connection " + side.number + " connected: " + (side.download ? "download" : "upload") + ".");
        if (side.number < options.connections()) {
            connect(side.number);
        } else {
            begin();
        }
    }

    private synchronized void begin() {
        if (future.isDone()) {
            return;
        }
        long session = ThreadLocalRandom.current().nextLong() | 1; // 0 would mean "no session" to the server
        startNanos = System.nanoTime();
        long span = options.span().toMillis();
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime now = LocalDateTime.now();
        events.message("Data transfer started at " + now.format(hms) + ", ends at " + now.plusNanos(span * 1_000_000).format(hms)
                + ".");
        for (ClientSide s : sides) {
            if (!s.download) {
                reportsMissing.incrementAndGet();
            }
        }
        for (int i = 0; i < sides.size(); i++) {
            ClientSide s = sides.get(i);
            channels.get(i).eventLoop().execute(() -> s.start(session, span));
        }
        timers.add(io.group().schedule(this::halt, span, TimeUnit.MILLISECONDS));
        timers.add(io.group().scheduleAtFixedRate(() -> events.progress(sample()), 1, 1, TimeUnit.SECONDS));
    }

    TrafficSample sample() {
        long down = 0;
        long up = 0;
        for (ClientSide s : snapshot()) {
            down += s.downloaded;
            up += s.sent;
        }
        return new TrafficSample(startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000, down, up);
    }

    private synchronized List<ClientSide> snapshot() {
        return List.copyOf(sides);
    }

    private synchronized void halt() {
        if (future.isDone()) {
            return;
        }
        spanMillis = (System.nanoTime() - startNanos) / 1_000_000;
        events.message(String.format(java.util.Locale.ROOT, "%.1f s have passed: the data transfer ends.",
                options.span().toMillis() / 1000.0));
        haltsMissing.set(sides.size());
        for (int i = 0; i < sides.size(); i++) {
            ClientSide s = sides.get(i);
            channels.get(i).eventLoop().execute(() -> {
                s.halt(); // on its own loop: a download's count is final from here on
                if (haltsMissing.decrementAndGet() == 0 && reportsMissing.get() == 0) {
                    finish();
                }
            });
        }
        timers.add(io.group().schedule(() -> fail("the server did not report the upload volume within "
                + REPORT_TIMEOUT_MS / 1000 + " s"), REPORT_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    void reported(ClientSide side) {
        if (reportsMissing.decrementAndGet() == 0 && haltsMissing.get() == 0) {
            finish();
        }
    }

    private void finish() {
        long down = 0;
        long up = 0;
        for (ClientSide s : snapshot()) {
            if (s.download) {
                down += s.downloaded;
            } else {
                up += s.reported;
            }
        }
        future.complete(TrafficMath.result(spanMillis, options.raw(), options.doubled(), down, up));
    }

    /** Ends the run with an error (the first one wins; later ones, such as the closes it causes, are dropped). */
    void fail(String reason) {
        future.completeExceptionally(new IOException(reason));
    }

    private synchronized void closeAll() {
        timers.forEach(t -> t.cancel(false));
        channels.forEach(Channel::close);
    }
}
