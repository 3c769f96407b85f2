package org.ethervpn.admin.rpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.VpnServerAdmin;

/**
 * The real server ({@link RealServer}) and the real dispatcher over it, for the admin fuzz targets,
 * with the calls that would reach outside the test fenced off: they would start cascades to fuzzed
 * host names, bind fuzzed ports or open bridges to network devices (directly, or inside a whole
 * configuration given to ConfigSet/import). Those answer 33 (not supported); every other call runs
 * on the real server, whose state the fuzzer changes as any admin could.
 */
final class FuzzedAdmin {
    static final Set<String> FENCED = Set.of("cascadeSetOnline", "listenerCreate", "listenerDelete", "listenerSetEnabled",
            "bridgeCreate", "configSet", "configImport");

    final RealServer server;
    final Dispatcher dispatcher;
    final List<String> methods;

    private FuzzedAdmin(RealServer server) {
        this.server = server;
        VpnServerAdmin real = server.admin();
        VpnServerAdmin fenced = (VpnServerAdmin) Proxy.newProxyInstance(VpnServerAdmin.class.getClassLoader(),
                new Class<?>[] {VpnServerAdmin.class}, (p, m, a) -> {
                    if (FENCED.contains(m.getName())) {
                        throw new AdminException(AdminError.NOT_SUPPORTED, m.getName() + " is fenced off in the fuzz test");
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        this.dispatcher = Methods.all(fenced, () -> RealServer.IDENTITY, server.log.logger());
        PluginMethods.register(dispatcher, () -> null);
        this.methods = dispatcher.names().stream().sorted().toList();
    }

    static FuzzedAdmin start() throws Exception {
        return new FuzzedAdmin(new RealServer(Files.createTempDirectory("ethervpn-fuzz-admin")));
    }

    /** Any logged error (a call that failed with an unexpected exception logs one), then forgets the lines. */
    void assertNoErrorLogged() {
        for (String line : server.log.lines()) {
            if (line.startsWith("error:")) {
                throw new AssertionError(line);
            }
        }
        server.log.clear();
    }

    void close() throws Exception {
        server.close();
        Path dir = server.data;
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
