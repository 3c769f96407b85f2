package org.ethervpn.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;

import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.remote.RemoteAdminConnector;
import org.ethervpn.config.ConfigException;
import org.ethervpn.config.DataDirectory;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.UiAccess;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The console in a runtime: opens the main window on the UI thread and feeds it the
 * {@link ConsoleView} services as they come and go. Saved connections live in the framework
 * property {@code ethervpn.console.data} (else {@code <ethervpn.data>/console}). With
 * {@code ethervpn.console.exitOnClose=true} (the standalone {@code ethervpn console}) closing the
 * window stops the framework, so the process ends.
 */
@Component(immediate = true, service = ConsoleApp.class)
public final class ConsoleApp {
    private final UiAccess ui;
    private final Logger log;
    private final BundleContext ctx;
    private final ConsoleWindow window;
    private final long started = System.nanoTime();
    private volatile boolean deactivating;
    private volatile RemoteAdminConnector connector;
    private volatile PluginAdmin localPlugins;

    @Activate
    public ConsoleApp(BundleContext ctx, @Reference UiAccess ui, @Reference(service = LoggerFactory.class) Logger log)
            throws ConfigException {
        this.ctx = ctx;
        this.ui = ui;
        this.log = log;
        String dir = ctx.getProperty("ethervpn.console.data");
        if (dir == null) {
            String data = ctx.getProperty(DataDirectory.PROPERTY);
            dir = data == null ? System.getProperty("user.home") + "/.ethervpn-console" : data + "/console";
        }
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new ConfigException("cannot create the console's data directory " + dir + ": " + e.getMessage(), e);
        }
        this.window = new ConsoleWindow(ui, new ConnectionStore(Path.of(dir)), () -> connector);
        boolean exitOnClose = Boolean.parseBoolean(ctx.getProperty("ethervpn.console.exitOnClose"));
        AtomicReference<Exception> failed = new AtomicReference<>();
        try {
            ui.sync(() -> window.open(() -> {
                if (exitOnClose && !deactivating) {
                    stopFramework();
                }
            }));
        } catch (Exception e) {
            failed.set(e);
        }
        if (failed.get() != null) {
            throw new IllegalStateException("cannot open the console window: " + failed.get(), failed.get());
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        log.info("console window open {} ms after the console started; connections in {}", ms, dir);
        ready(Path.of(dir), "ok window " + ms + " ms after the console bundle started");
    }

    /** {@code <dir>/run/console}: the window is open (launcher scripts and tests wait for it). */
    private void ready(Path dir, String text) {
        try {
            Path run = Files.createDirectories(dir.resolve("run"));
            Path tmp = run.resolve("console.tmp");
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, run.resolve("console"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", dir.resolve("run/console"), e.getMessage());
        }
    }

    /** The admin RPC client (standalone console): connections to remote servers. Optional: a console loaded into a server runtime manages that server. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConnector(RemoteAdminConnector c) {
        connector = c;
    }

    void unsetConnector(RemoteAdminConnector c) {
        if (connector == c) {
            connector = null;
        }
    }

    /** The runtime's own server (loaded into {@code ethervpn server --console}); remote-admin services (vpn:connect's) are not it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(!(ethervpn.remote.server=*))")
    void setLocal(VpnServerAdmin admin) {
        window.addLocal(admin, () -> localPlugins);
        log.info("the console manages this server in-process");
    }

    void unsetLocal(VpnServerAdmin admin) {
        window.removeLocal();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(!(ethervpn.remote.server=*))")
    void setLocalPlugins(PluginAdmin p) {
        localPlugins = p;
    }

    void unsetLocalPlugins(PluginAdmin p) {
        if (localPlugins == p) {
            localPlugins = null;
        }
    }

    /** DS binds the views after the constructor (the window is open by then) and whenever they come. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addView(ConsoleView v) {
        window.addView(v);
        log.info("console view added: {} ({})", v.title(), v.id());
    }

    void removeView(ConsoleView v) {
        window.removeView(v);
        log.info("console view removed: {} ({})", v.title(), v.id());
    }

    private void stopFramework() {
        Thread.ofPlatform().name("ethervpn-console-exit").start(() -> {
            try {
                ctx.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                log.error("cannot stop the framework after the window closed: {}", e.getMessage());
            }
        });
    }

    @Deactivate
    void deactivate() {
        deactivating = true;
        ui.async(() -> {
            if (window.shell() != null && !window.shell().isDisposed()) {
                window.shell().dispose();
            }
        });
    }
}
