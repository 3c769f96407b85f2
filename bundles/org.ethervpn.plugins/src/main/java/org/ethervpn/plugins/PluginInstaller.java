package org.ethervpn.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/**
 * Installs and removes plugin bundles by writing and deleting jars in the plugins folder, so the
 * folder is the one truth (FileInstall does the OSGi part, and a restart sees the same set).
 * Both operations wait for the outcome, so a caller learns whether the plugin really started.
 */
final class PluginInstaller {
    static final long MAX_JAR_BYTES = 64L << 20;
    private static final long WAIT_MILLIS = 15_000;

    private final BundleContext ctx;
    private final Path dir;
    private final Logger log;
    private final Function<Bundle, List<PluginInfo>> pluginsOf;

    PluginInstaller(BundleContext ctx, Path dir, Logger log, Function<Bundle, List<PluginInfo>> pluginsOf) {
        this.ctx = ctx;
        this.dir = dir;
        this.log = log;
        this.pluginsOf = pluginsOf;
    }

    boolean isHotInstalled(Bundle b) {
        Path p = path(b.getLocation());
        return dir != null && p != null && p.startsWith(dir);
    }

    /** The file behind a {@code file:} bundle location, or null. */
    private static Path path(String location) {
        try {
            return location.startsWith("file:") ? Path.of(URI.create(location)).toAbsolutePath().normalize() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    PluginBundleInfo install(String location) throws PluginException {
        if (dir == null) {
            throw new PluginException("this runtime has no plugins folder (started without a data directory)");
        }
        Path tmp = dir.resolve("." + UUID.randomUUID() + ".part"); // FileInstall only looks at *.jar
        try {
            Files.createDirectories(dir);
            fetch(location, tmp);
            String[] id = identify(tmp, location);
            String bsn = id[0];
            Version version = Version.parseVersion(id[1]);
            Bundle existing = find(bsn);
            if (existing != null && !isHotInstalled(existing)) {
                throw new PluginException(bsn + " is built into the runtime; it cannot be installed again");
            }
            Path target = dir.resolve(bsn + ".jar");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("plugin {} {} copied to {}", bsn, version, target);
            return awaitStarted(bsn, version, target);
        } catch (IOException e) {
            throw new PluginException("cannot install " + location + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing useful to do; the name never matches FileInstall's filter
            }
        }
    }

    PluginBundleInfo uninstall(String name, List<PluginInfo> plugins) throws PluginException {
        Bundle b = find(name);
        if (b == null) {
            List<String> owners = plugins.stream().filter(p -> p.name().equalsIgnoreCase(name))
                    .map(PluginInfo::bundle).distinct().toList();
            if (owners.size() > 1) {
                throw new PluginException("'" + name + "' names plugins of several bundles " + owners
                        + "; give the bundle name");
            }
            b = owners.isEmpty() ? null : find(owners.get(0));
        }
        if (b == null) {
            throw new PluginException("no plugin or plugin bundle is named '" + name + "' (vpn:plugins lists them)");
        }
        if (!isHotInstalled(b)) {
            throw new PluginException(b.getSymbolicName() + " is built into the runtime; it cannot be uninstalled");
        }
        String bsn = b.getSymbolicName();
        String version = b.getVersion().toString();
        try {
            Files.deleteIfExists(path(b.getLocation()));
        } catch (IOException e) {
            throw new PluginException("cannot remove " + b.getLocation() + ": " + e.getMessage(), e);
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (b.getState() != Bundle.UNINSTALLED && System.currentTimeMillis() < deadline) {
            pause();
        }
        if (b.getState() != Bundle.UNINSTALLED) {
            try {
                b.uninstall(); // the folder watcher is not running: do it ourselves
            } catch (BundleException | IllegalStateException e) {
                throw new PluginException("cannot uninstall " + bsn + ": " + e.getMessage(), e);
            }
        }
        log.info("plugin bundle {} {} uninstalled", bsn, version);
        return new PluginBundleInfo(bsn, version, "uninstalled", List.of());
    }

    private PluginBundleInfo awaitStarted(String bsn, Version version, Path target) throws PluginException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Bundle b = null;
        while (System.currentTimeMillis() < deadline) {
            b = find(bsn);
            if (b != null && b.getVersion().equals(version) && b.getState() == Bundle.ACTIVE) {
                break;
            }
            pause();
        }
        if (b == null || !b.getVersion().equals(version) || b.getState() != Bundle.ACTIVE) {
            String why = "it did not start within " + WAIT_MILLIS / 1000 + " s";
            if (b != null && b.getVersion().equals(version)) {
                try {
                    b.start();
                } catch (BundleException | IllegalStateException e) {
                    why = e.getMessage();
                }
            }
            rollBack(target);
            throw new PluginException("plugin " + bsn + " " + version + " was not installed: " + why);
        }
        // Declarative Services registers the plugin's services right after the start; give it a moment
        List<PluginInfo> registered = pluginsOf.apply(b);
        for (int i = 0; i < 40 && registered.isEmpty(); i++) {
            pause();
            registered = pluginsOf.apply(b);
        }
        if (registered.isEmpty()) {
            log.warn("bundle {} {} started but registers no plugin service", bsn, version);
        }
        return new PluginBundleInfo(bsn, version.toString(), "active", registered);
    }

    private void rollBack(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            log.error("cannot remove the failed plugin {}: {}", target, e.getMessage());
        }
    }

    private Bundle find(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Copies a local path or an http(s)/file URL into {@code tmp}, refusing more than MAX_JAR_BYTES. */
    static void fetch(String location, Path tmp) throws IOException {
        try (InputStream in = open(location); var out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
                if (total > MAX_JAR_BYTES) {
                    throw new IOException("larger than " + (MAX_JAR_BYTES >> 20) + " MiB");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private static InputStream open(String location) throws IOException {
        String scheme = location.contains("://") || location.startsWith("file:")
                ? location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (scheme.isEmpty()) {
            Path p = Path.of(location);
            if (!Files.isRegularFile(p)) {
                throw new IOException("no such file");
            }
            return Files.newInputStream(p);
        }
        if (!List.of("file", "http", "https").contains(scheme)) {
            throw new IOException("unsupported URL scheme '" + scheme + "' (use a path, file:, http: or https:)");
        }
        try {
            URLConnection c = new URI(location).toURL().openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            return c.getInputStream();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a valid URL", e);
        }
    }

    /** {symbolic name, version} from the jar's manifest, or a PluginException saying what is wrong. */
    static String[] identify(Path jar, String location) throws PluginException {
        Manifest m;
        try (JarFile j = new JarFile(jar.toFile())) {
            m = j.getManifest();
        } catch (IOException e) {
            throw new PluginException(location + " is not a jar file: " + e.getMessage(), e);
        }
        String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new PluginException(location + " is not an OSGi bundle (no Bundle-SymbolicName)");
        }
        bsn = bsn.split(";")[0].trim();
        if (!bsn.matches("[A-Za-z0-9_.-]+")) {
            throw new PluginException(location + " has an unusable Bundle-SymbolicName '" + bsn + "'");
        }
        String v = m.getMainAttributes().getValue("Bundle-Version");
        try {
            return new String[] {bsn, Version.parseVersion(v == null ? "0" : v.trim()).toString()};
        } catch (IllegalArgumentException e) {
            throw new PluginException(location + " has an invalid Bundle-Version '" + v + "'");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
