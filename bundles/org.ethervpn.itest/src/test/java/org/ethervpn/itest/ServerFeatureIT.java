package org.ethervpn.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.config.DataDirectory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Boots the server product's bundles in Felix and checks that every plugin service registers, that
 * a plugin bundle built in this reactor (cipher.legacy) hot-installs and uninstalls both through
 * the plugins folder and through {@link PluginAdmin}, without restarting anything else, and that a
 * broken jar leaves the server running.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerFeatureIT {
    private static final long HOT_INSTALL_MILLIS = 2000;

    @Inject
    BundleContext ctx;

    @Inject
    PluginAdmin admin;

    @Inject
    CommandProcessor gogo;

    @Configuration
    public Option[] config() throws Exception {
        Path work = Path.of(System.getProperty("ethervpn.itest.work"));
        Path data = Files.createDirectories(work.resolve("data-" + System.nanoTime()));
        Files.createDirectories(data.resolve("plugins")); // as bin/ethervpn does
        Files.createDirectories(data.resolve("etc"));
        // the server component waits for its configuration, which bin/ethervpn writes (mode=server|bridge)
        Files.writeString(data.resolve("etc/org.ethervpn.server.cfg"), "mode=server\n");
        ProductRuntime rt = ProductRuntime.extract(Path.of(System.getProperty("ethervpn.product.jar")),
                work.resolve("bundles"));
        List<Option> o = new ArrayList<>();
        for (Path b : rt.bundles()) {
            if (!b.getFileName().toString().startsWith("org.apache.felix.framework")
                    && !b.getFileName().toString().startsWith("biz.aQute.launcher")) {
                o.add(bundle(b.toUri().toString()).start(!ProductRuntime.isFragment(b)));
            }
        }
        for (Map.Entry<String, String> p : rt.properties().entrySet()) {
            o.add(frameworkProperty(p.getKey()).value(p.getValue()));
        }
        o.add(frameworkProperty(DataDirectory.PROPERTY).value(data.toString()));
        o.add(frameworkProperty("felix.fileinstall.dir").value(data.resolve("plugins") + "," + data.resolve("etc")));
        o.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        o.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        o.add(frameworkProperty("gosh.home").value(System.getProperty("ethervpn.gosh.home")));
        o.add(systemProperty("ethervpn.itest.data").value(data.toString()));
        o.add(systemProperty("ethervpn.itest.legacy").value(System.getProperty("ethervpn.itest.legacy")));
        o.add(junitBundles());
        o.add(cleanCaches());
        return o.toArray(new Option[0]);
    }

    Path plugins() {
        return Path.of(System.getProperty("ethervpn.itest.data"), "plugins");
    }

    Path legacyJar() {
        return Path.of(System.getProperty("ethervpn.itest.legacy"));
    }

    @Test
    public void everyBundleRunsAndEveryPluginServiceIsRegistered() throws Exception {
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertEquals(b.getSymbolicName() + " state", fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState());
        }
        assertService(CipherSuiteProvider.class, "modern");
        assertService(CompressionCodec.class, "deflate");
        assertService(QosPolicy.class, "voip");
        assertService(ClientTransport.class, "tcp");
        assertService(ServerTransport.class, "tcp");
        assertNotNull("server certificate", ctx.getServiceReference(ServerIdentity.class));
        assertTrue(Files.exists(Path.of(System.getProperty("ethervpn.itest.data"), "server.crt")));

        List<String> listed = admin.plugins().stream().map(p -> p.kind() + "/" + p.name()).toList();
        assertEquals(new java.util.TreeSet<>(List.of("adapter/packet", "adapter/tap", "cipher/modern", "compression/deflate",
                "qos/voip", "transport/http", "transport/socks4", "transport/socks5", "transport/tcp")), new java.util.TreeSet<>(listed));
        assertTrue(admin.plugins().stream().allMatch(PluginInfo::builtIn));
        // the transport really runs on epoll in this runtime (the native fragment attached)
        assertTrue(find("tcp").orElseThrow().description().contains("epoll"));
    }

    @Test
    public void theGogoCommandPrintsTheTable() throws Exception {
        String out = gogo("vpn:plugins");
        assertTrue(out, out.startsWith("KIND"));
        assertTrue(out, out.contains("deflate") && out.contains("org.ethervpn.transport.tcp"));
    }

    @Test
    public void aJarDroppedIntoThePluginsFolderAppearsAndGoesWithoutRestartingAnything() throws Exception {
        long adminId = serviceId(PluginAdmin.class, null);
        long tcpId = serviceId(ServerTransport.class, "(vpn.plugin.name=tcp)");

        Files.copy(legacyJar(), plugins().resolve("legacy.jar"), StandardCopyOption.REPLACE_EXISTING);
        waitFor("legacy appears", () -> find("legacy").isPresent());
        PluginInfo legacy = find("legacy").orElseThrow();
        assertEquals(PluginKind.CIPHER_SUITE, legacy.kind());
        assertFalse("hot-installed, not built in", legacy.builtIn());
        assertService(CipherSuiteProvider.class, "legacy");

        Files.delete(plugins().resolve("legacy.jar"));
        waitFor("legacy goes", () -> find("legacy").isEmpty());
        assertEquals(0, ctx.getServiceReferences(CipherSuiteProvider.class, "(vpn.plugin.name=legacy)").size());
        // the service goes when the bundle stops; FileInstall uninstalls it right after
        waitFor("the legacy bundle is uninstalled", () -> installed("org.ethervpn.cipher.legacy").isEmpty());

        assertEquals("the registry was not restarted", adminId, serviceId(PluginAdmin.class, null));
        assertEquals("the transport was not restarted", tcpId, serviceId(ServerTransport.class, "(vpn.plugin.name=tcp)"));
    }

    @Test
    public void theAdminApiAndTheCommandInstallAndUninstall() throws Exception {
        PluginBundleInfo info = admin.install(legacyJar().toString());
        assertEquals("active", info.state());
        assertEquals("legacy", info.plugins().get(0).name());
        assertTrue(Files.exists(plugins().resolve("org.ethervpn.cipher.legacy.jar")));
        try {
            admin.install(legacyJar().toString()); // the same again: an update, still one bundle
            assertEquals(1, ctx.getServiceReferences(CipherSuiteProvider.class, "(vpn.plugin.name=legacy)").size());
        } finally {
            assertEquals("uninstalled", admin.uninstall("legacy").state());
        }
        assertTrue(find("legacy").isEmpty());
        assertFalse(Files.exists(plugins().resolve("org.ethervpn.cipher.legacy.jar")));

        String out = gogo("vpn:plugin-install " + legacyJar());
        assertTrue(out, out.contains("STATE:   active"));
        out = gogo("vpn:plugin-uninstall org.ethervpn.cipher.legacy");
        assertTrue(out, out.contains("uninstalled"));
        assertTrue(find("legacy").isEmpty());
    }

    /** packet, tap, modern, deflate, voip, http, socks4, socks5, tcp */
    private static final int BUILT_IN_PLUGINS = 9;

    @Test
    public void badPluginsAreRefusedWithReasonsAndTheServerGoesOn() throws Exception {
        Path broken = plugins().resolve("broken.jar");
        Files.writeString(broken, "this is not a jar");
        Thread.sleep(1000); // several FileInstall polls
        List<PluginInfo> before = admin.plugins();
        assertEquals(BUILT_IN_PLUGINS, before.size());

        expectRefusal(broken.toString(), "not a jar file");
        expectRefusal(plugins().resolve("missing.jar").toString(), "no such file");
        expectRefusal(installed("org.ethervpn.cipher.modern").orElseThrow().getLocation().replace("reference:", ""),
                "built into the runtime");
        try {
            admin.uninstall("modern");
            fail("a built-in plugin was uninstalled");
        } catch (PluginException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("built into the runtime"));
        }
        Files.delete(broken);
        assertEquals(before, admin.plugins());
        for (Bundle b : ctx.getBundles()) {
            assertTrue(b.getSymbolicName(), b.getState() == Bundle.ACTIVE || b.getState() == Bundle.RESOLVED);
        }
    }

    private void expectRefusal(String location, String reason) {
        try {
            admin.install(location);
            fail("installed " + location);
        } catch (PluginException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }

    private String gogo(String command) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        CommandSession s = gogo.createSession(System.in, out, out);
        try {
            Object r = s.execute(command);
            return r == null ? buf.toString(StandardCharsets.UTF_8) : s.format(r, Converter.INSPECT).toString();
        } finally {
            s.close();
        }
    }

    private Optional<PluginInfo> find(String name) {
        return admin.plugins().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private Optional<Bundle> installed(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private <T> void assertService(Class<T> type, String name) throws Exception {
        var refs = ctx.getServiceReferences(type, "(vpn.plugin.name=" + name + ")");
        assertEquals(type.getSimpleName() + " " + name, 1, refs.size());
        T service = ctx.getService(refs.iterator().next());
        try {
            assertNotNull(service);
        } finally {
            ctx.ungetService(refs.iterator().next());
        }
    }

    private <T> long serviceId(Class<T> type, String filter) throws Exception {
        ServiceReference<T> ref = ctx.getServiceReferences(type, filter).iterator().next();
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + HOT_INSTALL_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail(what + " within " + HOT_INSTALL_MILLIS + " ms");
            }
            Thread.sleep(50);
        }
    }
}
