package org.ethervpn.server;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.cipher.modern.ModernCipherSuites;
import org.ethervpn.compress.deflate.DeflateCodec;
import org.ethervpn.qos.voip.VoipQosPolicy;
import org.ethervpn.server.config.ConfigStore;
import org.ethervpn.server.config.ListenerConfig;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.testsupport.TestIdentities;
import org.ethervpn.testsupport.TestLogger;
import org.ethervpn.transport.proxy.HttpProxyTransport;
import org.ethervpn.transport.tcp.TcpTransport;
import org.ethervpn.transport.tcp.TcpTransportConfig;

/**
 * A real server in the test JVM: real TLS (the modern cipher plugin), real TCP (the Netty
 * transport plugin) on a free loopback port, the real deflate and QoS plugins. Only the OSGi
 * wiring is left out.
 */
final class TestServer implements AutoCloseable {
    static final TlsIdentity IDENTITY = TestIdentities.selfSigned("ethervpn-test");

    final TestLogger log = new TestLogger();
    final Path configFile;
    final int port;
    final ServerCore core;
    final Admin admin;
    final TcpTransport transport;
    /** The real HTTP CONNECT transport plugin, for cascades through a proxy. */
    final HttpProxyTransport httpProxy = new HttpProxyTransport();
    /** The SecureNAT plugin as installed now (null: none); {@link #secureNatPlugin} changes it as DS would. */
    volatile SecureNatFactory secureNat;

    TestServer(Path dir) throws Exception {
        this(dir, 3000);
    }

    TestServer(Path dir, int handshakeMillis) throws Exception {
        this(dir, handshakeMillis, false);
    }

    /** @param bridge a VPN Bridge (hub BRIDGE only) */
    TestServer(Path dir, int handshakeMillis, boolean bridge) throws Exception {
        this.configFile = dir.resolve("server.json");
        ConfigStore store = new ConfigStore(configFile, bridge);
        ServerConfig config = store.load();
        if (store.firstStart()) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            store.save(config.withListeners(List.of(new ListenerConfig(port, true))));
        } else {
            port = config.listeners().get(0).port();
        }
        transport = new TcpTransport(log.logger(), tcpConfig());
        List<CipherSuiteProvider> ciphers = List.of(new ModernCipherSuites());
        CompressionCodec codec = new DeflateCodec();
        QosPolicy qos = new VoipQosPolicy();
        Plugins plugins = new Plugins() {
            @Override public TlsIdentity identity() { return IDENTITY; }
            @Override public ServerTransport transport() { return transport; }
            @Override public ClientTransport clientTransport() { return transport; }
            @Override public Optional<ClientTransport> clientTransport(String name) {
                return name.equals("http") ? Optional.of(httpProxy) : name.equals("tcp") ? Optional.of(transport) : Optional.empty();
            }
            @Override public List<CipherSuiteProvider> ciphers() { return ciphers; }
            @Override public Optional<CompressionCodec> codec() { return Optional.of(codec); }
            @Override public Optional<QosPolicy> qos() { return Optional.of(qos); }
            @Override public Optional<SecureNatFactory> secureNat() { return Optional.ofNullable(secureNat); }
            @Override public Optional<VirtualAdapterFactory> adapter(String name) {
                return Optional.empty(); // local bridges run in the product tests, in namespaces
            }
        };
        core = new ServerCore(new ServerOptions(configFile, handshakeMillis, true, "127.0.0.1", bridge,
                ServerSettings.JsonRpc.enabled), plugins,
                log.logger());
        core.start();
        admin = new Admin(core);
    }

    static TcpTransportConfig tcpConfig() {
        return new TcpTransportConfig() {
            @Override public Class<? extends Annotation> annotationType() { return TcpTransportConfig.class; }
            @Override public boolean nativeTransport() { return true; }
            @Override public int ioThreads() { return 2; }
        };
    }

    /** Installs (or with null removes) the SecureNAT plugin, telling the server as the component's bind/unbind do. */
    void secureNatPlugin(SecureNatFactory f) {
        secureNat = f;
        core.secureNatPluginsChanged();
    }

    /** A user with a password on hub DEFAULT (through the admin API, like an operator would). */
    TestServer user(String name, String password) {
        admin.userCreate("DEFAULT", name, null, null);
        admin.userPasswordSet("DEFAULT", name, password.toCharArray());
        return this;
    }

    @Override
    public void close() throws Exception {
        core.close();
        Method m = TcpTransport.class.getDeclaredMethod("deactivate");
        m.setAccessible(true);
        m.invoke(transport);
        Method p = HttpProxyTransport.class.getDeclaredMethod("deactivate");
        p.setAccessible(true);
        p.invoke(httpProxy);
    }
}
