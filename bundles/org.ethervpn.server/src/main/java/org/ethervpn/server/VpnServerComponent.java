package org.ethervpn.server;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminRpcEndpoint;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.config.DataDirectory;
import org.ethervpn.config.ReadyFile;
import org.ethervpn.session.DataPathWarmup;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The server as an OSGi component: wires the plugin services into a {@link ServerCore} and
 * registers its {@link Admin} as the {@link VpnServerAdmin} service. Plugins other than the server
 * certificate and the TCP transport are dynamic (DS sets each list anew when one comes or goes): a
 * plugin installed later is used by the next connection, one removed is no longer offered.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.ethervpn.api.admin.VpnServerAdmin",
        uses = VpnServerAdmin.class) // registered by hand, so the resolver learns of it here
@Component(service = {}, immediate = true, configurationPid = "org.ethervpn.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerSettings.class)
public final class VpnServerComponent implements Plugins {
    // DS infers the rest from each field (spec 112.8.3): a List is 0..n, a volatile field is dynamic
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<CipherSuiteProvider> ciphers;
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<CompressionCodec> codecs;
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<QosPolicy> qosPolicies;
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<VirtualAdapterFactory> adapters;
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<AdminRpcEndpoint> rpcEndpoints;
    /** Every client transport (the proxy plugins among them), for cascades through a proxy. */
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ClientTransport> clientTransports;

    /** Bound by method, so that SecureNAT starts when its plugin arrives and stops when it goes. */
    private final List<SecureNatFactory> secureNats = new CopyOnWriteArrayList<>();

    private final ServerIdentity identity;
    private final ServerTransport transport;
    private final ClientTransport clientTransport;
    private final ServerCore core;
    private final ServiceRegistration<VpnServerAdmin> registration;
    private final ReadyFile readyFile;
    private volatile AutoCloseable warmup = () -> { };

    @Activate
    public VpnServerComponent(BundleContext ctx, ServerSettings settings, @Reference ServerIdentity identity,
            @Reference(target = "(vpn.plugin.name=tcp)") ServerTransport transport,
            @Reference(target = "(vpn.plugin.name=tcp)") ClientTransport clientTransport,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.identity = identity;
        this.transport = transport;
        this.clientTransport = clientTransport;
        Path dataDir = DataDirectory.of(ctx);
        ServerOptions options = new ServerOptions(dataDir.resolve(settings.configFile()),
                settings.handshakeTimeoutSeconds() * 1000, settings.sessionResume(), null,
                settings.mode() == ServerSettings.Mode.bridge, settings.jsonRpc(), settings.sharedLoopSessions());
        this.core = new ServerCore(options, this, log);
        core.start();
        this.registration = ctx.registerService(VpnServerAdmin.class, new Admin(core), null);
        // after the registration, so the first command finds the admin service
        this.readyFile = new ReadyFile(ctx, dataDir.resolve("run").resolve("server"), core::configError, log::warn);
        // the warm-up once ready, in the background (before the ready file it would cost the server's start-to-ready
        // a second); over the loopback, with the server's cipher plugin (not the configured suites: the record layer
        // is the same)
        readyFile.writeWhenReady(() -> warmup = settings.warmupMillis() == 0 ? () -> { }
                : DataPathWarmup.inBackground(() -> cipher(core.config().cipher().provider()).orElse(null),
                        new DataPathWarmup.Loopback(transport, clientTransport), settings.warmupMillis(), log::info,
                        () -> { }));
    }

    @Deactivate
    void deactivate() throws Exception {
        warmup.close();
        readyFile.delete();
        if (registration != null) {
            registration.unregister();
        }
        core.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecureNat(SecureNatFactory f) {
        secureNats.add(f);
        core.secureNatPluginsChanged();
    }

    void unbindSecureNat(SecureNatFactory f) {
        secureNats.remove(f);
        core.secureNatPluginsChanged(); // its SecureNATs stop now, while the plugin can still close them
    }

    // ---------------------------------------------------------------- Plugins

    @Override
    public Optional<SecureNatFactory> secureNat() {
        return secureNats.stream().findFirst();
    }

    @Override
    public Optional<ClientTransport> clientTransport(String name) {
        if (name.equalsIgnoreCase(clientTransport.name())) {
            return Optional.of(clientTransport);
        }
        return now(clientTransports).stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public Optional<AdminRpcEndpoint> adminRpc() {
        return now(rpcEndpoints).stream().findFirst();
    }

    @Override
    public Optional<VirtualAdapterFactory> adapter(String name) {
        return now(adapters).stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public TlsIdentity identity() {
        return identity.identity();
    }

    @Override
    public ServerTransport transport() {
        return transport;
    }

    @Override
    public ClientTransport clientTransport() {
        return clientTransport;
    }

    @Override
    public List<CipherSuiteProvider> ciphers() {
        return List.copyOf(now(ciphers));
    }

    /** SoftEther's compression is zlib, so the codec named "deflate" is preferred over others. */
    @Override
    public Optional<CompressionCodec> codec() {
        return now(codecs).stream().min(Comparator.comparing(c -> !c.name().equalsIgnoreCase("deflate")));
    }

    @Override
    public Optional<QosPolicy> qos() {
        return now(qosPolicies).stream().findFirst();
    }

    /** DS sets the fields after the constructor, which already starts the server: until then, none. */
    private static <T> List<T> now(List<T> injected) {
        return injected == null ? List.of() : injected;
    }
}
