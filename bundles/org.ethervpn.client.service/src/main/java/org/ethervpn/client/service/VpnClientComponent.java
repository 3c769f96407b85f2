package org.ethervpn.client.service;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.client.AccountInfo;
import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.AccountStatus;
import org.ethervpn.api.client.NicInfo;
import org.ethervpn.api.client.VpnClientAdmin;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.config.DataDirectory;
import org.ethervpn.config.ReadyFile;
import org.ethervpn.session.DataPathWarmup;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The client as an OSGi component: registers {@link VpnClientAdmin}. Every plugin reference is
 * dynamic: a transport, cipher, codec or adapter plugin installed later is used by the next login,
 * one removed is not used again.
 */
@Component(service = VpnClientAdmin.class, immediate = true, configurationPid = "org.ethervpn.client")
@Designate(ocd = ClientSettings.class)
public final class VpnClientComponent implements VpnClientAdmin, ClientPlugins {
    private final List<ClientTransport> transports = new CopyOnWriteArrayList<>();
    /** Only for the warm-up's loopback connection: the client runtime listens nowhere else. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(vpn.plugin.name=tcp)")
    private volatile ServerTransport loopbackListener;
    private final List<CipherSuiteProvider> ciphers = new CopyOnWriteArrayList<>();
    private final List<CompressionCodec> codecs = new CopyOnWriteArrayList<>();
    private final List<QosPolicy> qosPolicies = new CopyOnWriteArrayList<>();
    private final List<VirtualAdapterFactory> adapters = new CopyOnWriteArrayList<>();
    private final String adapterPlugin;
    private final ClientCore core;
    private final ReadyFile readyFile;
    private volatile AutoCloseable warmup = () -> { };

    @Activate
    public VpnClientComponent(BundleContext ctx, ClientSettings settings,
            @Reference(service = LoggerFactory.class) Logger log,
            // at least one adapter plugin before the client starts: it re-creates its adapters at
            // start, and "ethervpn client" must not report ready before vpn:niccreate can work
            @Reference(name = "initialAdapters", cardinality = ReferenceCardinality.AT_LEAST_ONE)
            List<VirtualAdapterFactory> initialAdapters) {
        this.adapters.addAll(initialAdapters);
        this.adapterPlugin = settings.adapterPlugin();
        Path dataDir = DataDirectory.of(ctx);
        this.core = new ClientCore(dataDir.resolve(settings.configFile()), this, log, settings.adapterOnEventLoop());
        core.start();
        this.readyFile = new ReadyFile(ctx, dataDir.resolve("run").resolve("client"), core::configError, log::warn);
        // the warm-up before the ready file (the first session finds the per-frame path compiled), over the
        // loopback with the TCP plugin when it listens here; in the server runtime (which holds this service too)
        // the server's own setting decides
        readyFile.writeWhenPrepared(ready -> warmup = settings.warmupMillis() == 0
                || ctx.getServiceReference(VpnServerAdmin.class) != null ? readyNow(ready)
                : DataPathWarmup.inBackground(() -> cipher().orElse(null), loopback(), settings.warmupMillis(),
                        log::info, ready));
    }

    /** No warm-up: ready at once. */
    private static AutoCloseable readyNow(Runnable ready) {
        ready.run();
        return () -> { };
    }

    /** The TCP plugin's two ends, for a warm-up over the loopback; null without them (it then runs in memory). */
    private DataPathWarmup.Loopback loopback() {
        ServerTransport listener = loopbackListener;
        return listener == null ? null
                : transport(listener.name()).map(t -> new DataPathWarmup.Loopback(listener, t)).orElse(null);
    }

    @Deactivate
    void deactivate() throws Exception {
        warmup.close();
        readyFile.delete();
        core.close();
    }

    // ---------------------------------------------------------------- plugins

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTransport")
    void addTransport(ClientTransport t) {
        transports.add(t);
    }

    void removeTransport(ClientTransport t) {
        transports.remove(t);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCipher")
    void addCipher(CipherSuiteProvider p) {
        ciphers.add(p);
    }

    void removeCipher(CipherSuiteProvider p) {
        ciphers.remove(p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCodec")
    void addCodec(CompressionCodec c) {
        codecs.add(c);
    }

    void removeCodec(CompressionCodec c) {
        codecs.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeQos")
    void addQos(QosPolicy q) {
        qosPolicies.add(q);
    }

    void removeQos(QosPolicy q) {
        qosPolicies.remove(q);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeAdapter")
    void addAdapter(VirtualAdapterFactory f) {
        if (!adapters.contains(f)) {
            adapters.add(f);
            if (core != null && f.name().equalsIgnoreCase(adapterPlugin)) {
                core.adapterPluginBound(); // it may have started with another plugin of the same bundle only
            }
        }
    }

    void removeAdapter(VirtualAdapterFactory f) {
        adapters.remove(f);
    }

    @Override
    public Optional<ClientTransport> transport(String name) {
        return transports.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The modern (default) suites unless only another provider is installed. */
    @Override
    public Optional<CipherSuiteProvider> cipher() {
        return ciphers.stream().min(Comparator.comparing(c -> !c.name().equalsIgnoreCase("modern")));
    }

    @Override
    public Optional<CompressionCodec> codec() {
        return codecs.stream().min(Comparator.comparing(c -> !c.name().equalsIgnoreCase("deflate")));
    }

    @Override
    public Optional<QosPolicy> qos() {
        return qosPolicies.stream().findFirst();
    }

    @Override
    public Optional<VirtualAdapterFactory> adapters() {
        return adapters.stream().filter(a -> a.name().equalsIgnoreCase(adapterPlugin)).findFirst();
    }

    // ---------------------------------------------------------------- VpnClientAdmin (delegated)

    @Override public List<AccountInfo> accountList() { return core.accountList(); }
    @Override public AccountSettings accountGet(String name) { return core.accountGet(name); }
    @Override public void accountCreate(AccountSettings s) { core.accountCreate(s); }
    @Override public void accountSet(AccountSettings s) { core.accountSet(s); }
    @Override public void accountDelete(String name) { core.accountDelete(name); }
    @Override public void accountConnect(String name) { core.accountConnect(name); }
    @Override public void accountDisconnect(String name) { core.accountDisconnect(name); }
    @Override public AccountStatus accountStatus(String name) { return core.accountStatus(name); }
    @Override public List<NicInfo> nicList() { return core.nicList(); }
    @Override public void nicCreate(String name) { core.nicCreate(name); }
    @Override public void nicDelete(String name) { core.nicDelete(name); }
}
