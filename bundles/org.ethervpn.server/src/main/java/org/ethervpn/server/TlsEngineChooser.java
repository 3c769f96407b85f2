package org.ethervpn.server;

import java.util.List;

import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.api.tls.TlsIdentity;

/**
 * Waits for the ClientHello, then puts the cipher plugin's engine for that peer in its place
 * ({@link CipherSuiteProvider#newServerEngine(TlsIdentity, List, List)} with the offered ALPN names),
 * replaying the buffered bytes into it. The handshake deadline stays the front door's, from accept.
 */
final class TlsEngineChooser extends SslClientHelloHandler<List<String>> {
    /** The pipeline name of the TLS handler: first this, then the engine's SslHandler. */
    static final String NAME = "tls";

    private final CipherSuiteProvider provider;
    private final TlsIdentity identity;
    private final List<String> suites;
    private final int handshakeTimeoutMillis;

    TlsEngineChooser(CipherSuiteProvider provider, TlsIdentity identity, List<String> suites, int handshakeTimeoutMillis) {
        super(16 * 1024); // a ClientHello is a few hundred bytes; SoftEther's and ours fit in one record
        this.provider = provider;
        this.identity = identity;
        this.suites = suites;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected Future<List<String>> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(ClientHelloAlpn.of(clientHello));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<List<String>> alpn) {
        SSLEngine engine = provider.newServerEngine(identity, suites, alpn.getNow());
        SslHandler tls = new SslHandler(engine);
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        ctx.pipeline().replace(this, NAME, tls);
    }
}
