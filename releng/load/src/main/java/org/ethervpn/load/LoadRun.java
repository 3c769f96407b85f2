package org.ethervpn.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.client.ClientOptions;
import org.ethervpn.client.ClientSession;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * One load run against one hub: an echo session, then {@link LoadOptions#sessions()} sessions logged
 * in at a bounded rate and held (keep-alives only, then pings to the echo session), fresh logins
 * timed while they are held, a churn of short sessions, and the disconnect. Every figure goes into
 * {@link #results()}; the server process, when given, is sampled along the way.
 */
public final class LoadRun implements AutoCloseable {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int FIRST_FRESH = 0x1000000;
    private static final int FIRST_CHURN = 0x2000000;

    private final LoadOptions o;
    private final Consumer<String> log;
    private final SourceBoundTransport transport;
    private final ModernCipherSuites cipher = new ModernCipherSuites();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final LoadLink.Counters counters = new LoadLink.Counters();
    private final ProcessSampler server;
    private final Map<String, String> results = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<LoadLink> held = new ArrayList<>();
    private final LongAdder lost = new LongAdder();
    private LoadLink echo;

    public LoadRun(LoadOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
        this.transport = new SourceBoundTransport(options.sources(), options.threads());
        this.server = options.serverPid() > 0 ? new ProcessSampler(options.serverPid()) : null;
    }

    /** Figures so far, in the order they were taken (name to value, numbers as text). */
    public Map<String, String> results() {
        return results;
    }

    /** Runs every phase; {@code whileHeld} runs once all sessions are held (e.g. to ask the server's admin API). */
    public Map<String, String> run(Runnable whileHeld) throws Exception {
        sample("baseline", true);
        echo = login(Frames.ECHO, true).get(30, TimeUnit.SECONDS);
        echo.send(Frames.announce(alloc, Frames.ECHO));
        hold();
        sample("held", true);
        if (whileHeld != null) {
            whileHeld.run();
        }
        idle();
        traffic();
        fresh();
        churn();
        disconnect();
        return results;
    }

    // ---------------------------------------------------------------- phases

    private void hold() throws InterruptedException {
        Latencies times = new Latencies();
        Semaphore slots = new Semaphore(o.inFlight());
        long interval = TimeUnit.SECONDS.toNanos(1) / o.loginRate();
        long start = System.nanoTime();
        long next = start;
        for (int i = 0; i < o.sessions(); i++) {
            slots.acquire();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += interval;
            long t0 = System.nanoTime();
            login(i, false).whenComplete((link, e) -> {
                if (e == null) {
                    times.add(System.nanoTime() - t0);
                    synchronized (held) {
                        held.add(link);
                    }
                } else {
                    failed("login", e);
                }
                slots.release();
            });
            if (i > 0 && i % 1024 == 0) {
                log.accept("logins started: " + i + ", held: " + times.count() + ", failed: " + failures.values().stream()
                        .mapToInt(Integer::intValue).sum());
            }
        }
        slots.acquire(o.inFlight()); // every login has answered
        slots.release(o.inFlight());
        double seconds = (System.nanoTime() - start) / 1e9;
        put("sessions_asked", o.sessions());
        put("sessions_held", held.size());
        put("logins_refused", o.sessions() - held.size());
        put("login_seconds", seconds);
        put("logins_per_s", held.size() / seconds);
        put("login_p50_s", times.percentileSeconds(50));
        put("login_p99_s", times.percentileSeconds(99));
        put("login_max_s", times.percentileSeconds(100));
        log.accept("held " + held.size() + " of " + o.sessions() + " sessions; failures " + failures);
    }

    private void idle() throws InterruptedException {
        if (o.idleSeconds() <= 0) {
            return;
        }
        double own0 = ownCpu();
        double cpu0 = server == null ? Double.NaN : server.cpuSeconds();
        TimeUnit.SECONDS.sleep(o.idleSeconds());
        if (server != null) {
            put("idle_cpu_pct", 100 * (server.cpuSeconds() - cpu0) / o.idleSeconds());
        }
        put("generator_idle_cpu_pct", 100 * (ownCpu() - own0) / o.idleSeconds());
        put("sessions_lost_while_held", lost.sum());
    }

    private void traffic() throws InterruptedException {
        if (o.trafficSeconds() <= 0 || held.isEmpty()) {
            return;
        }
        counters.roundTrips.clear();
        long sent0 = counters.sent.sum();
        long answered0 = counters.answered.sum();
        int ticksPerInterval = o.pingInterval() * 10;
        int perTick = Math.max(1, (held.size() + ticksPerInterval - 1) / ticksPerInterval);
        double cpu0 = server == null ? Double.NaN : server.cpuSeconds();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(o.trafficSeconds());
        int cursor = 0;
        for (long tick = start; tick < end; tick += TimeUnit.MILLISECONDS.toNanos(100)) {
            long wait = tick - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            for (int k = 0; k < perTick; k++, cursor = (cursor + 1) % held.size()) {
                held.get(cursor).ping(alloc);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server == null ? Double.NaN : server.cpuSeconds() - cpu0;
        TimeUnit.SECONDS.sleep(3); // the last answers
        long sent = counters.sent.sum() - sent0;
        put("pings_sent", sent);
        put("pings_answered", counters.answered.sum() - answered0);
        put("pings_per_s", sent / seconds);
        put("ping_rtt_p50_s", counters.roundTrips.percentileSeconds(50));
        put("ping_rtt_p99_s", counters.roundTrips.percentileSeconds(99));
        if (server != null) {
            put("traffic_cpu_pct", 100 * cpu / seconds);
        }
    }

    private void fresh() throws Exception {
        if (o.freshLogins() <= 0) {
            return;
        }
        Latencies times = new Latencies();
        int failed = 0;
        for (int i = 0; i < o.freshLogins(); i++) {
            long t0 = System.nanoTime();
            try {
                LoadLink l = login(FIRST_FRESH + i, false).get(60, TimeUnit.SECONDS);
                times.add(System.nanoTime() - t0);
                close(l);
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
                failed("fresh login", e.getCause());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        put("fresh_logins_failed", failed);
        put("fresh_login_p50_s", times.percentileSeconds(50));
        put("fresh_login_max_s", times.percentileSeconds(100));
    }

    private void churn() throws Exception {
        if (o.churnRate() <= 0 || o.churnSeconds() <= 0) {
            return;
        }
        Latencies times = new Latencies();
        LongAdder ok = new LongAdder();
        AtomicInteger inFlight = new AtomicInteger();
        int maxInFlight = Math.max(16, o.churnRate() / 2); // beyond that: skipped (counted), so no login waits into its deadline
        List<double[]> samples = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / o.churnRate();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(o.churnSeconds());
        long nextSample = start;
        long skipped = 0;
        int i = 0;
        for (long next = start; next < end; next += interval, i++) {
            long now = System.nanoTime();
            if (server != null && now >= nextSample) {
                nextSample += TimeUnit.SECONDS.toNanos(o.sampleSeconds());
                double[] s = {(now - start) / 60e9, server.rssMiB(), server.heapAfterGcMiB(), server.fds(), server.threads()};
                samples.add(s);
                log.accept(String.format("churn %.1f min: server RSS %.0f MiB, heap after GC %.1f MiB, fds %d, threads %d,"
                        + " churned %d", s[0], s[1], s[2], (long) s[3], (long) s[4], ok.sum()));
                now = System.nanoTime();
            }
            if (next - now > 0) {
                TimeUnit.NANOSECONDS.sleep(next - now);
            }
            if (inFlight.get() >= maxInFlight) {
                skipped++;
                continue;
            }
            inFlight.incrementAndGet();
            long t0 = System.nanoTime();
            login(FIRST_CHURN + i, false)
                    .thenCompose(l -> l.ping(alloc).orTimeout(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                            .whenComplete((v, e) -> close(l)))
                    .whenComplete((v, e) -> {
                        inFlight.decrementAndGet();
                        if (e == null) {
                            ok.increment();
                            times.add(System.nanoTime() - t0);
                        } else {
                            failed("churn", e);
                        }
                    });
        }
        while (inFlight.get() > 0 && System.nanoTime() - end < ANSWER_TIMEOUT.toNanos() * 3) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        put("churn_started", i - skipped);
        put("churn_ok", ok.sum());
        put("churn_skipped_busy", skipped);
        put("churn_per_s", ok.sum() / seconds);
        put("churn_p50_s", times.percentileSeconds(50));
        put("churn_p99_s", times.percentileSeconds(99));
        if (samples.size() >= 2) {
            put("churn_rss_first_mib", samples.getFirst()[1]);
            put("churn_rss_last_mib", samples.getLast()[1]);
            put("churn_rss_slope_mib_per_min", slope(samples, 1));
            put("churn_heap_first_mib", samples.getFirst()[2]);
            put("churn_heap_last_mib", samples.getLast()[2]);
            put("churn_heap_slope_mib_per_min", slope(samples, 2));
        }
    }

    private void disconnect() throws InterruptedException {
        for (LoadLink l : held) {
            close(l);
        }
        close(echo);
        put("sessions_lost_total", lost.sum());
        put("failures", failures.isEmpty() ? "none" : failures.toString().replace(' ', '_'));
        if (server == null) {
            return;
        }
        // connections go at once; the sessions themselves after the server's resume window (20 s by default)
        long baseFds = Long.parseLong(results.get("baseline_fds"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (server.fds() > baseFds + 8 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        put("disconnect_fds", server.fds());
        TimeUnit.SECONDS.sleep(25); // the sessions: the resume window of 20 s and a tick
        sample("after", true);
    }

    // ---------------------------------------------------------------- helpers

    private CompletableFuture<LoadLink> login(int index, boolean isEcho) {
        ClientOptions co = ClientOptions.password(o.server(), o.hub(), o.user(), o.password());
        LoadLink link = new LoadLink(index, isEcho, counters);
        ClientSession s = new ClientSession(co, transport, cipher, null, null, link, null);
        link.attach(s);
        s.lost().thenRun(lost::increment);
        return s.start().thenApply(x -> link);
    }

    private static void close(LoadLink l) {
        if (l != null) {
            l.session().close();
            l.discard();
        }
    }

    private void failed(String what, Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        failures.merge(what + ": " + m.substring(0, Math.min(m.length(), 90)), 1, Integer::sum);
    }

    private void sample(String phase, boolean gc) {
        if (server == null) {
            return;
        }
        put(phase + "_rss_mib", server.rssMiB());
        if (gc) {
            put(phase + "_heap_after_gc_mib", server.heapAfterGcMiB());
            put(phase + "_rss_after_gc_mib", server.rssMiB());
        }
        put(phase + "_fds", server.fds());
        put(phase + "_threads", server.threads());
        put(phase + "_generator_rss_mib", new ProcessSampler(ProcessHandle.current().pid()).rssMiB());
    }

    private static double ownCpu() {
        return new ProcessSampler(ProcessHandle.current().pid()).cpuSeconds();
    }

    /** Least-squares slope of column {@code y} against column 0 (minutes). */
    static double slope(List<double[]> rows, int y) {
        double n = rows.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] r : rows) {
            sx += r[0];
            sy += r[y];
            sxx += r[0] * r[0];
            sxy += r[0] * r[y];
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private void put(String key, Object value) {
        String v = value instanceof Double d ? (d.isNaN() ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", d))
                : String.valueOf(value);
        results.put(key, v);
    }

    @Override
    public void close() {
        transport.close();
    }
}
