package org.ethervpn.server;

import java.util.Optional;

import javax.net.ssl.SSLEngine;

import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.protocol.HttpCarriage;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;

/**
 * Every accepted connection starts as TLS (the cipher plugin the admin selected, the server
 * certificate) + Netty's HTTP server codec + our handshake handler (spec §1).
 */
@Sharable
final class ConnectionInitializer extends ChannelInitializer<Channel> {
    /** A PACK body is at most 64 KiB; headers and lines are limited like SoftEther's (§1.3). */
    private static final int MAX_CHUNK = HttpCarriage.MAX_REQUEST_BODY;

    private final ServerCore core;

    ConnectionInitializer(ServerCore core) {
        this.core = core;
    }

    @Override
    protected void initChannel(Channel ch) {
        core.connections().accepted(ch, core.nextConnectionName());
        CipherConfig cipher = core.config().cipher();
        Optional<CipherSuiteProvider> provider = core.plugins().cipher(cipher.provider());
        if (provider.isEmpty()) {
            core.log().error("Connection from {} refused: the server cipher plugin \"{}\" is not installed",
                    ch.remoteAddress(), cipher.provider());
            ch.close();
            return;
        }
        SSLEngine engine = provider.get().newServerEngine(core.plugins().identity(), cipher.suites());
        SslHandler tls = new SslHandler(engine);
        tls.setHandshakeTimeoutMillis(core.options().handshakeTimeoutMillis());
        ch.pipeline().addLast("tls", tls)
                .addLast("http", new HttpServerCodec(HttpCarriage.MAX_HEADER_LINE, 8192, MAX_CHUNK))
                .addLast("handshake", new HandshakeHandler(core));
    }
}
