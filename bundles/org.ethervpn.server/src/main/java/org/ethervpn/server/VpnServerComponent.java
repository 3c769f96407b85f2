package org.ethervpn.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminRpcEndpoint;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.HubInfo;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.api.admin.MacEntryInfo;
import org.ethervpn.api.admin.ServerCipher;
import org.ethervpn.api.admin.ServerInfo;
import org.ethervpn.api.admin.ServerStatus;
import org.ethervpn.api.admin.SessionInfo;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.UserInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.compress.CompressionCodec;
import org.ethervpn.api.qos.QosPolicy;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.ServerIdentity;
import org.ethervpn.api.tls.TlsIdentity;
import org.ethervpn.api.transport.ClientTransport;
import org.ethervpn.api.transport.ServerTransport;
import org.ethervpn.config.StatusFile;
import org.osgi.framework.BundleContext;
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
 * registers its {@link VpnServerAdmin}. Cipher, compression and QoS plugins are dynamic: a plugin
 * installed later is used by the next connection, one removed is no longer offered.
 */
@Component(service = VpnServerAdmin.class, immediate = true, configurationPid = "org.ethervpn.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerSettings.class)
public final class VpnServerComponent implements VpnServerAdmin, Plugins {
    static final String DATA_PROPERTY = "ethervpn.data";

    private final List<CipherSuiteProvider> ciphers = new CopyOnWriteArrayList<>();
    private final List<CompressionCodec> codecs = new CopyOnWriteArrayList<>();
    private final List<QosPolicy> qosPolicies = new CopyOnWriteArrayList<>();
    private final List<VirtualAdapterFactory> adapters = new CopyOnWriteArrayList<>();
    private final List<AdminRpcEndpoint> rpcEndpoints = new CopyOnWriteArrayList<>();
    private final List<ClientTransport> clientTransports = new CopyOnWriteArrayList<>();
    private final ServerIdentity identity;
    private final ServerTransport transport;
    private final ClientTransport clientTransport;
    private final ServerCore core;
    private final Admin admin;
    private final Path readyFile;

    @Activate
    public VpnServerComponent(BundleContext ctx, ServerSettings settings, @Reference ServerIdentity identity,
            @Reference(target = "(vpn.plugin.name=tcp)") ServerTransport transport,
            @Reference(target = "(vpn.plugin.name=tcp)") ClientTransport clientTransport,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.identity = identity;
        this.transport = transport;
        this.clientTransport = clientTransport;
        String data = ctx.getProperty(DATA_PROPERTY);
        Path dataDir = Path.of(data == null ? "data" : data);
        ServerOptions options = new ServerOptions(dataDir.resolve(settings.configFile()),
                settings.handshakeTimeoutSeconds() * 1000, settings.sessionResume(), null, "bridge".equals(settings.mode()),
                ServerOptions.JsonRpcAccess.valueOf(settings.jsonRpc().toUpperCase(java.util.Locale.ROOT)));
        this.core = new ServerCore(options, this, log);
        this.admin = new Admin(core);
        core.start();
        this.readyFile = dataDir.resolve("run").resolve("server");
        String error = core.configError();
        try {
            StatusFile.write(readyFile, error);
        } catch (IOException e) {
            log.warn("Cannot write {}: {}", readyFile, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        core.close();
        try {
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            // the launcher removes run/ anyway
        }
    }

    // ---------------------------------------------------------------- plugins

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
    void addAdapter(VirtualAdapterFactory a) {
        adapters.add(a);
    }

    void removeAdapter(VirtualAdapterFactory a) {
        adapters.remove(a);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRpc")
    void addRpc(AdminRpcEndpoint e) {
        rpcEndpoints.add(e);
    }

    void removeRpc(AdminRpcEndpoint e) {
        rpcEndpoints.remove(e);
    }

    /** Every client transport (the proxy plugins among them), for cascades through a proxy. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeClientTransport")
    void addClientTransport(ClientTransport t) {
        clientTransports.add(t);
    }

    void removeClientTransport(ClientTransport t) {
        clientTransports.remove(t);
    }

    @Override
    public Optional<ClientTransport> clientTransport(String name) {
        if (name.equalsIgnoreCase(clientTransport.name())) {
            return Optional.of(clientTransport);
        }
        return clientTransports.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public Optional<AdminRpcEndpoint> adminRpc() {
        return rpcEndpoints.stream().findFirst();
    }

    @Override
    public Optional<VirtualAdapterFactory> adapter(String name) {
        return adapters.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
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
        return List.copyOf(ciphers);
    }

    /** SoftEther's compression is zlib, so the codec named "deflate" is preferred over others. */
    @Override
    public Optional<CompressionCodec> codec() {
        return codecs.stream().min(Comparator.comparing(c -> !c.name().equalsIgnoreCase("deflate")));
    }

    @Override
    public Optional<QosPolicy> qos() {
        return qosPolicies.stream().findFirst();
    }

    // ---------------------------------------------------------------- VpnServerAdmin (delegated)

    @Override public List<HubInfo> hubList() { return admin.hubList(); }
    @Override public HubInfo hubGet(String hub) { return admin.hubGet(hub); }
    @Override public void hubSetHidden(String hub, boolean hidden) { admin.hubSetHidden(hub, hidden); }
    @Override public void cascadeOptionsSet(String hub, String cascade, org.ethervpn.api.admin.CascadeOptions options) {
        admin.cascadeOptionsSet(hub, cascade, options);
    }
    @Override public void hubCreate(String hub) { admin.hubCreate(hub); }
    @Override public void hubDelete(String hub) { admin.hubDelete(hub); }
    @Override public void hubSetOnline(String hub, boolean online) { admin.hubSetOnline(hub, online); }
    @Override public void hubSetMaxSessions(String hub, int max) { admin.hubSetMaxSessions(hub, max); }
    @Override public void hubPasswordSet(String hub, char[] pw) { admin.hubPasswordSet(hub, pw); }
    @Override public void hubPasswordHashSet(String hub, byte[] sha0) { admin.hubPasswordHashSet(hub, sha0); }
    @Override public List<UserInfo> userList(String hub) { return admin.userList(hub); }
    @Override public UserInfo userGet(String hub, String user) { return admin.userGet(hub, user); }
    @Override public void userCreate(String hub, String user, String realName, String note) {
        admin.userCreate(hub, user, realName, note);
    }
    @Override public void userDelete(String hub, String user) { admin.userDelete(hub, user); }
    @Override public void userPasswordSet(String hub, String user, char[] pw) { admin.userPasswordSet(hub, user, pw); }
    @Override public void userPasswordHashSet(String hub, String user, byte[] h) { admin.userPasswordHashSet(hub, user, h); }
    @Override public byte[] userPasswordHashGet(String hub, String user) { return admin.userPasswordHashGet(hub, user); }
    @Override public void userSetInfo(String hub, String user, String realName, String note) {
        admin.userSetInfo(hub, user, realName, note);
    }
    @Override public void userSetAnonymous(String hub, String user) { admin.userSetAnonymous(hub, user); }
    @Override public void userSetEnabled(String hub, String user, boolean on) { admin.userSetEnabled(hub, user, on); }
    @Override public void userSetExpires(String hub, String user, java.time.Instant expires) {
        admin.userSetExpires(hub, user, expires);
    }
    @Override public List<SessionInfo> sessionList(String hub) { return admin.sessionList(hub); }
    @Override public SessionInfo sessionGet(String hub, String session) { return admin.sessionGet(hub, session); }
    @Override public void sessionDisconnect(String hub, String session) { admin.sessionDisconnect(hub, session); }
    @Override public List<MacEntryInfo> macTableList(String hub) { return admin.macTableList(hub); }
    @Override public List<CascadeInfo> cascadeList(String hub) { return admin.cascadeList(hub); }
    @Override public CascadeInfo cascadeGet(String hub, String c) { return admin.cascadeGet(hub, c); }
    @Override public void cascadeCreate(String hub, String c, String server, String remoteHub, String user) {
        admin.cascadeCreate(hub, c, server, remoteHub, user);
    }
    @Override public void cascadePasswordSet(String hub, String c, char[] pw) { admin.cascadePasswordSet(hub, c, pw); }
    @Override public void cascadePasswordHashSet(String hub, String c, byte[] h) { admin.cascadePasswordHashSet(hub, c, h); }
    @Override public void cascadeSetOnline(String hub, String c, boolean on) { admin.cascadeSetOnline(hub, c, on); }
    @Override public void cascadeDelete(String hub, String c) { admin.cascadeDelete(hub, c); }
    @Override public List<ListenerInfo> listenerList() { return admin.listenerList(); }
    @Override public byte[] configGet() { return admin.configGet(); }
    @Override public void listenerCreate(int port) { admin.listenerCreate(port); }
    @Override public void listenerDelete(int port) { admin.listenerDelete(port); }
    @Override public void listenerSetEnabled(int port, boolean enabled) { admin.listenerSetEnabled(port, enabled); }
    @Override public void bridgeCreate(String hub, String device, boolean tap) { admin.bridgeCreate(hub, device, tap); }
    @Override public void bridgeDelete(String hub, String device) { admin.bridgeDelete(hub, device); }
    @Override public List<BridgeInfo> bridgeList() { return admin.bridgeList(); }
    @Override public List<String> bridgeDeviceList() { return admin.bridgeDeviceList(); }
    @Override public boolean isBridge() { return admin.isBridge(); }
    @Override public java.util.Map<String, Long> capabilities() { return admin.capabilities(); }
    @Override public byte[] serverCertificateGet() { return admin.serverCertificateGet(); }
    @Override public ServerInfo serverInfo() { return admin.serverInfo(); }
    @Override public ServerStatus serverStatus() { return admin.serverStatus(); }
    @Override public void serverPasswordSet(char[] password) { admin.serverPasswordSet(password); }
    @Override public void serverPasswordHashSet(byte[] sha0) { admin.serverPasswordHashSet(sha0); }
    @Override public ServerCipher serverCipherGet() { return admin.serverCipherGet(); }
    @Override public void serverCipherSet(String provider, List<String> suites) { admin.serverCipherSet(provider, suites); }
    @Override public List<String> configImport(String text) { return admin.configImport(text); }
    @Override public void cascadeSet(String hub, String cascade, String server, String remoteHub, String user) {
        admin.cascadeSet(hub, cascade, server, remoteHub, user);
    }
    @Override public List<String> configSet(byte[] config) { return admin.configSet(config); }
    @Override public List<TcpConnectionInfo> connectionList() { return admin.connectionList(); }
    @Override public TcpConnectionInfo connectionGet(String name) { return admin.connectionGet(name); }
    @Override public void connectionDisconnect(String name) { admin.connectionDisconnect(name); }

}
