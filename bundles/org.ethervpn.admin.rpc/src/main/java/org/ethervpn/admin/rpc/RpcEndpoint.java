package org.ethervpn.admin.rpc;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminRpcEndpoint;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.api.tls.ServerIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The binary admin RPC on the server's VPN listeners: the server checks the admin login and hands
 * the connection over; from then on it carries length-prefixed PACK calls (admin spec §3) answered
 * by {@link Methods} over {@link VpnServerAdmin}.
 */
@Component(service = AdminRpcEndpoint.class)
public final class RpcEndpoint implements AdminRpcEndpoint {
    /** SoftEther allows 512 MiB; no admin call we serve needs more than a few MiB (GetConfig, SetConfig). */
    static final int MAX_REQUEST = 16 << 20;

    private final Dispatcher dispatcher;
    private final JsonRpc json;
    private final ExecutorService adminThread;
    private final Logger log;
    /** The plugin registry for the Ev*Plugin methods; a runtime without one answers them with 33. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginAdmin plugins;

    @Activate
    public RpcEndpoint(@Reference VpnServerAdmin admin, @Reference ServerIdentity identity,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.dispatcher = Methods.all(admin, identity, log);
        PluginMethods.register(dispatcher, () -> plugins); // EtherVPN's Ev* extension methods
        this.json = new JsonRpc(dispatcher);
        this.adminThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ethervpn-admin-rpc");
            t.setDaemon(true);
            return t;
        });
    }

    /** Every method this endpoint answers (for tests that must cover each one). */
    Set<String> methodNames() {
        return dispatcher.names();
    }

    @Deactivate
    void deactivate() {
        adminThread.shutdownNow();
    }

    @Override
    public void serve(Channel channel, AdminCaller caller) {
        addRpc(channel.pipeline(), new RpcHandler(dispatcher, caller, adminThread, log));
    }

    /** The admin RPC's framing ({@code u32 length ‖ PACK}, at most {@link #MAX_REQUEST}) and its handler. */
    static void addRpc(ChannelPipeline pipeline, RpcHandler rpc) {
        pipeline.addLast("rpc-frames", new LengthFieldBasedFrameDecoder(MAX_REQUEST, 0, 4, 0, 4)).addLast("rpc", rpc);
    }

    @Override
    public CompletableFuture<String> jsonRpc(String body, AdminCaller caller) {
        return CompletableFuture.supplyAsync(() -> json.handle(body, caller), adminThread);
    }
}
