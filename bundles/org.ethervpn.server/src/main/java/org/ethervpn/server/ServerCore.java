package org.ethervpn.server;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.ServerConfigException;
import org.ethervpn.server.config.ConfigStore;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.ServerConfig;
import org.osgi.service.log.Logger;

/**
 * The server's state while it runs: configuration, hubs, listeners, cascades and local bridges. The
 * parts get a {@link ServerContext} and what else they need through their constructors; the admin
 * API changes the state here. Every change of the configuration is saved (atomically, with a
 * backup) before it takes effect, so a failed save changes nothing.
 */
final class ServerCore implements AutoCloseable {
    private final ServerContext ctx;
    private final ConfigStore store;
    private final ScheduledThreadPoolExecutor timer;
    private final HubSet hubs;
    private final LoginStats loginStats = new LoginStats();
    private final Authenticator authenticator;
    private final Map<String, LocalBridge> bridges = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();
    private final Object configLock = new Object();
    private final ListenerSet listeners;
    private volatile ServerConfig config;
    private volatile String configError;

    ServerCore(ServerOptions options, Plugins plugins, Logger log) {
        this.store = new ConfigStore(options.configFile(), options.bridge());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ethervpn-server-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.ctx = new ServerContext(options, plugins, log, timer, new SecureRandom(), new Connections());
        this.hubs = new HubSet(log);
        this.authenticator = new Authenticator(ctx, () -> config, hubs, loginStats);
        this.listeners = new ListenerSet(ctx, new ConnectionInitializer(ctx, () -> config().cipher(), authenticator,
                hubs, this::hubNames));
    }

    /**
     * Loads the configuration (first start: creates it with hub DEFAULT and the four listeners) and
     * opens the listeners. A corrupt file leaves the server without hubs and listeners, reporting
     * the problem (and the backup) on every admin call, and is never overwritten.
     */
    void start() {
        ServerConfig loaded;
        try {
            loaded = store.load();
        } catch (ServerConfigException e) {
            configError = e.getMessage();
            ctx.log().error("The server is not started: {}", e.getMessage());
            return;
        }
        ServerConfig chosen = loaded.withSecureNatChosen(); // each hub's SecureNAT MAC is chosen once, then kept
        if (store.firstStart() || chosen != loaded) {
            try {
                store.save(chosen);
                if (store.firstStart()) {
                    ctx.log().info("First start: created {} with hub DEFAULT", ctx.options().configFile());
                }
            } catch (IOException e) {
                ctx.log().error("Cannot write the configuration file {}: {}", ctx.options().configFile(), e.getMessage());
            }
        }
        loaded = chosen; // if it could not be saved: runs with it, saved with the next change
        config = loaded;
        timer.scheduleWithFixedDelay(hubs::expireMacs, 5, 5, TimeUnit.SECONDS);
        run(loaded);
    }

    /** Brings hubs, listeners, cascades and bridges up from {@code c}. */
    private void run(ServerConfig c) {
        for (HubConfig h : c.hubs()) {
            hubs.add(h.name(), h.online());
        }
        listeners.apply(c.listeners());
        // after the listeners, so that a cascade between two hubs of this server connects at once
        for (HubConfig h : c.hubs()) {
            for (CascadeConfig cascade : h.cascades()) {
                if (cascade.online() && h.online()) {
                    startCascade(hubs.get(h.name()), cascade);
                }
            }
        }
        for (BridgeConfig b : c.bridges()) {
            startBridge(b);
        }
        syncSecureNat(c);
    }

    /** Ends everything {@link #run} started except the listeners, which {@code run} adjusts. */
    private void stopHubs(String why) {
        for (String key : List.copyOf(bridges.keySet())) {
            stopBridge(key);
        }
        for (HubRuntime h : hubs.all()) {
            h.stopCascades();
            h.secureNat().stop(why);
        }
        for (HubRuntime h : hubs.all()) {
            for (ServerSession s : h.sessions()) {
                s.end(why);
            }
        }
    }

    /**
     * Replaces the whole configuration (ConfigSet): saved first (with a backup of the old one), then
     * every session ends and hubs, cascades and bridges restart from {@code next}; listeners are
     * adjusted, so connections on ports that stay (the caller's admin connection) are kept.
     */
    void replace(ServerConfig next) throws IOException {
        synchronized (configLock) {
            config();
            next = next.withSecureNatChosen();
            store.save(next);
            stopHubs("the configuration was replaced");
            hubs.clear();
            loginStats.clear();
            config = next;
            run(next);
        }
    }

    @Override
    public void close() {
        listeners.closeAll();
        stopHubs("the server is stopping");
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- what the admin API reads

    ServerContext context() {
        return ctx;
    }

    Instant started() {
        return started;
    }

    ServerConfig config() {
        ServerConfig c = config;
        if (c == null) {
            throw new IllegalStateException(configError == null ? "the server is not started" : configError);
        }
        return c;
    }

    String configError() {
        return configError;
    }

    HubSet hubs() {
        return hubs;
    }

    ListenerSet listeners() {
        return listeners;
    }

    LoginStats loginStats() {
        return loginStats;
    }

    /** The hubs a client may be told of (enum_hub): hidden ones (SoftEther's NoEnum) are left out. */
    private List<String> hubNames() {
        ServerConfig c = config;
        return c == null ? List.of() : c.hubs().stream().filter(h -> !h.hidden()).map(HubConfig::name).toList();
    }

    // ---------------------------------------------------------------- configuration changes (the admin API)

    /**
     * Applies {@code change} to the configuration, saves it, then lets {@code apply} update the
     * running state. Serialised: admin changes are rare.
     */
    ServerConfig change(UnaryOperator<ServerConfig> change, Consumer<ServerConfig> apply) throws IOException {
        synchronized (configLock) {
            ServerConfig before = config();
            ServerConfig after = change.apply(before).withSecureNatChosen();
            store.save(loginStats.addTo(after));
            config = after;
            apply.accept(after);
            return after;
        }
    }

    /** The configuration as the next save would write it (GetConfig): with the login counters. */
    ServerConfig configToSave() {
        return loginStats.addTo(config());
    }

    /** (Re)starts a cascade of the running hub {@code hub}, with the server's cipher plugin. */
    void startCascade(HubRuntime hub, CascadeConfig c) {
        hub.startCascade(c.name(), () -> new Cascade(ctx, hub.hub(), c, () -> config().cipher().provider()));
    }

    void removeHubRuntime(String name) {
        HubRuntime h = hubs.remove(name);
        if (h != null) {
            h.stopCascades();
            h.secureNat().stop("hub " + name + " was deleted");
            for (ServerSession s : h.sessions()) {
                s.end("hub " + name + " was deleted");
            }
        }
    }

    // ---------------------------------------------------------------- SecureNAT

    /**
     * Makes every running hub's SecureNAT match the configuration, the hub and the plugins (after a
     * change of any of them; a no-op where nothing changed).
     *
     * @return hub (upper case) → the plugin's reason for refusing that hub's options, for those it refused
     */
    Map<String, String> syncSecureNat(ServerConfig c) {
        Map<String, String> refused = new java.util.HashMap<>();
        for (HubConfig h : c.hubs()) {
            HubRuntime r = hubs.get(h.name());
            if (r != null) {
                String why = r.secureNat().update(h.secureNat().enabled(), h.secureNat().options(), ctx.plugins().secureNat());
                if (why != null) {
                    refused.put(HubRuntime.key(h.name()), why);
                }
            }
        }
        return refused;
    }

    /** A SecureNAT plugin came or went. */
    void secureNatPluginsChanged() {
        synchronized (configLock) {
            ServerConfig c = config;
            if (c != null) {
                syncSecureNat(c);
            }
        }
    }

    // ---------------------------------------------------------------- local bridges

    void startBridge(BridgeConfig b) {
        LocalBridge bridge = new LocalBridge(ctx, b, name -> {
            HubRuntime h = hubs.get(name);
            return h == null ? null : h.hub();
        });
        LocalBridge old = bridges.put(bridgeKey(b.hub(), b.device()), bridge.start());
        if (old != null) {
            old.stop();
        }
    }

    void stopBridge(String hub, String device) {
        stopBridge(bridgeKey(hub, device));
    }

    private void stopBridge(String key) {
        LocalBridge b = bridges.remove(key);
        if (b != null) {
            b.stop();
        }
    }

    LocalBridge bridge(String hub, String device) {
        return bridges.get(bridgeKey(hub, device));
    }

    private static String bridgeKey(String hub, String device) {
        return HubRuntime.key(hub) + "/" + device;
    }
}
