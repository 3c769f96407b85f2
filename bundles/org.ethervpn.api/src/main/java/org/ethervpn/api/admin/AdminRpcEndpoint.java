package org.ethervpn.api.admin;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

import io.netty.channel.Channel;

/**
 * Serves SoftEther's binary admin RPC (vpncmd, Server Manager) on a VPN connection once the server
 * has accepted its admin login (spec admin §1-3). The server hands over the channel with TLS still
 * in its pipeline and the HTTP handlers removed; from then on the endpoint owns it.
 */
@ConsumerType
public interface AdminRpcEndpoint {
    /** Called on the channel's event loop, right after the login answer was written. */
    void serve(Channel channel, AdminCaller caller);

    /**
     * Answers one JSON-RPC request (the body of {@code POST /api/}, admin spec §4) for a caller the
     * server authenticated. Completes off the event loop with the response body (JSON).
     */
    CompletableFuture<String> jsonRpc(String body, AdminCaller caller);
}
