package org.ethervpn.admin.rpc;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.config.DataDirectory;
import org.ethervpn.pack.Pack;
import org.ethervpn.server.ServerSettings;
import org.ethervpn.server.VpnServerComponent;
import org.ethervpn.testsupport.TestIdentities;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;
import org.osgi.framework.BundleContext;

/**
 * The real server component ({@link VpnServerComponent}: configuration file, hubs, cascades,
 * listeners on a free loopback port, the real TCP transport) without the OSGi framework, and the
 * real RPC dispatcher over it: what vpncmd's calls reach, minus TLS and framing.
 */
final class RealServer implements AutoCloseable {
    static final TlsIdentity IDENTITY = TestIdentities.selfSigned("ethervpn-fields");

    final TestLogger log = new TestLogger();
    final Path data;
    final TcpTransport transport;
    final VpnServerComponent server;
    /** The admin service the component registers, as the framework would hold it. */
    final VpnServerAdmin admin;
    final Dispatcher dispatcher;

    RealServer(Path data) throws Exception {
        this.data = data;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // a first configuration with one free port, so the defaults (443, 5555, ...) are not bound
        Files.writeString(data.resolve("server.json"), "{\"format\": \"ethervpn-server-config\", \"version\": 1,"
                + " \"listeners\": [{\"port\": " + port + ", \"enabled\": true}], \"hubs\": [{\"name\": \"DEFAULT\"}]}");
        transport = new TcpTransport(log.logger(), annotation(TcpTransportConfig.class));
        VpnServerAdmin[] registered = new VpnServerAdmin[1];
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> DataDirectory.PROPERTY.equals(a[0]) ? data.toString() : null;
                    case "registerService" -> {
                        registered[0] = (VpnServerAdmin) a[1];
                        yield null;
                    }
                    default -> null;
                });
        ServerIdentity identity = () -> IDENTITY;
        server = new VpnServerComponent(ctx, annotation(ServerSettings.class), identity, transport, transport, log.logger());
        admin = registered[0];
        Field ciphers = VpnServerComponent.class.getDeclaredField("ciphers");
        ciphers.setAccessible(true); // what DS does when the cipher plugin comes
        ciphers.set(server, List.of(new org.ethervpn.cipher.modern.ModernCipherSuites()));
        dispatcher = Methods.all(admin, identity, log.logger());
        PluginMethods.register(dispatcher, () -> null);
    }

    VpnServerAdmin admin() {
        return admin;
    }

    /** A call as the server administrator, through the PACK codec as on the wire. */
    Dispatcher.Outcome call(String method, Pack request) {
        Pack p;
        try {
            p = org.ethervpn.pack.PackCodec.decode(org.ethervpn.pack.PackCodec.encode(request));
        } catch (org.ethervpn.pack.PackException e) {
            throw new AssertionError("the request does not encode", e);
        }
        p.remove("function_name");
        p.addStr("function_name", method);
        return dispatcher.call(p, AdminCaller.serverAdmin("127.0.0.1"));
    }

    /** An annotation-typed settings object that answers every element's default. */
    @SuppressWarnings("unchecked")
    static <A extends Annotation> A annotation(Class<A> type) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> switch (m.getName()) {
            case "annotationType" -> type;
            case "toString" -> type.getSimpleName();
            case "hashCode" -> 0;
            case "equals" -> p == a[0];
            default -> m.getDefaultValue();
        });
    }

    @Override
    public void close() throws Exception {
        Method d = VpnServerComponent.class.getDeclaredMethod("deactivate");
        d.setAccessible(true);
        d.invoke(server);
        Method t = TcpTransport.class.getDeclaredMethod("deactivate");
        t.setAccessible(true);
        t.invoke(transport);
    }
}
