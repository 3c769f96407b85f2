package org.ethervpn.plugins;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.auth.AuthProvider;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginException;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Tracks every plugin service through dynamic, greedy, multiple references (a plugin that comes or
 * goes changes the list, nothing restarts) and installs or removes plugin bundles through the
 * watched {@code plugins/} directory.
 */
@Component(service = PluginAdmin.class, immediate = true)
public final class PluginRegistry implements PluginAdmin {
    private static final Comparator<PluginInfo> ORDER =
            Comparator.comparing(PluginInfo::kind).thenComparing(PluginInfo::name).thenComparing(PluginInfo::bundle);

    private final Map<ServiceReference<?>, PluginInfo> plugins = new ConcurrentHashMap<>();
    private final Logger log;
    private final PluginInstaller installer;

    @Activate
    public PluginRegistry(BundleContext ctx, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.installer = new PluginInstaller(ctx, PluginDirectory.fromFramework(ctx), log, this::pluginsOf);
    }

    @Override
    public List<PluginInfo> plugins() {
        return plugins.values().stream().sorted(ORDER).toList();
    }

    @Override
    public PluginBundleInfo install(String location) throws PluginException {
        return installer.install(location);
    }

    @Override
    public PluginBundleInfo uninstall(String name) throws PluginException {
        return installer.uninstall(name, plugins());
    }

    private List<PluginInfo> pluginsOf(Bundle b) {
        return plugins().stream().filter(p -> p.bundle().equals(b.getSymbolicName())).toList();
    }

    private void added(PluginKind kind, Plugin p, ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        if (b == null) {
            return; // unregistered while being bound
        }
        PluginInfo info = new PluginInfo(kind, p.name(), p.description(), b.getSymbolicName(),
                b.getVersion().toString(), !installer.isHotInstalled(b));
        plugins.put(ref, info);
        log.info("{} plugin '{}' added ({} {})", kind, info.name(), info.bundle(), info.version());
    }

    private void removed(ServiceReference<?> ref) {
        PluginInfo info = plugins.remove(ref);
        if (info != null) {
            log.info("{} plugin '{}' removed ({} {})", info.kind(), info.name(), info.bundle(), info.version());
        }
    }

    // One bind/unbind pair per SPI: DS needs the service type of each reference.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCipher")
    void addCipher(CipherSuiteProvider p, ServiceReference<CipherSuiteProvider> ref) {
        added(PluginKind.CIPHER_SUITE, p, ref);
    }

    void removeCipher(ServiceReference<CipherSuiteProvider> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCodec")
    void addCodec(CompressionCodec p, ServiceReference<CompressionCodec> ref) {
        added(PluginKind.COMPRESSION, p, ref);
    }

    void removeCodec(ServiceReference<CompressionCodec> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeQos")
    void addQos(QosPolicy p, ServiceReference<QosPolicy> ref) {
        added(PluginKind.QOS, p, ref);
    }

    void removeQos(ServiceReference<QosPolicy> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeClientTransport")
    void addClientTransport(ClientTransport p, ServiceReference<ClientTransport> ref) {
        added(PluginKind.TRANSPORT, p, ref);
    }

    void removeClientTransport(ServiceReference<ClientTransport> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeServerTransport")
    void addServerTransport(ServerTransport p, ServiceReference<ServerTransport> ref) {
        // a transport that does both registers one service under both interfaces: list it once
        if (!(p instanceof ClientTransport)) {
            added(PluginKind.TRANSPORT, p, ref);
        }
    }

    void removeServerTransport(ServiceReference<ServerTransport> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeAdapter")
    void addAdapter(VirtualAdapterFactory p, ServiceReference<VirtualAdapterFactory> ref) {
        added(PluginKind.VIRTUAL_ADAPTER, p, ref);
    }

    void removeAdapter(ServiceReference<VirtualAdapterFactory> ref) {
        removed(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeAuth")
    void addAuth(AuthProvider p, ServiceReference<AuthProvider> ref) {
        added(PluginKind.AUTHENTICATION, p, ref);
    }

    void removeAuth(ServiceReference<AuthProvider> ref) {
        removed(ref);
    }
}
