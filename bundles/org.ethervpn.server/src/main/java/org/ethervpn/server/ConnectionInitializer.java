package org.ethervpn.server;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ethervpn.api.tls.CipherSuiteProvider;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.protocol.HttpCarriage;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Every accepted connection starts as TLS (the cipher plugin the admin selected, the server
 * certificate) + Netty's HTTP server codec + the {@link FrontDoor}, which routes the first request (spec §1).
 */
@Sharable
final class ConnectionInitializer extends ChannelInitializer<Channel> {
    /** A PACK body is at most 64 KiB; headers and lines are limited like SoftEther's (§1.3). */
    private static final int MAX_CHUNK = HttpCarriage.MAX_REQUEST_BODY;

    private final ServerContext server;
    private final Supplier<CipherConfig> cipher;
    private final Authenticator auth;
    private final HubSet hubs;
    private final Supplier<List<String>> hubNames;

    /**
     * @param cipher the configured cipher (plugin and suites), asked for every connection
     * @param hubNames the hubs {@code enum_hub} may list
     */
    ConnectionInitializer(ServerContext server, Supplier<CipherConfig> cipher, Authenticator auth, HubSet hubs,
            Supplier<List<String>> hubNames) {
        this.server = server;
        this.cipher = cipher;
        this.auth = auth;
        this.hubs = hubs;
        this.hubNames = hubNames;
    }

    @Override
    protected void initChannel(Channel ch) {
        server.connections().accepted(ch, server.connections().nextName());
        CipherConfig cipher = this.cipher.get();
        Optional<CipherSuiteProvider> provider = server.plugins().cipher(cipher.provider());
        if (provider.isEmpty()) {
            server.log().error("Connection from {} refused: the server cipher plugin \"{}\" is not installed",
                    ch.remoteAddress(), cipher.provider());
            ch.close();
            return;
        }
        ch.pipeline().addLast(TlsEngineChooser.NAME, new TlsEngineChooser(provider.get(), server.plugins().identity(),
                cipher.suites(), server.options().handshakeTimeoutMillis()));
        addHandshake(ch.pipeline(), new FrontDoor(server, auth, hubs, hubNames));
    }

    /** What follows TLS on every connection: the HTTP codec with SoftEther's limits, then {@code door}. */
    static void addHandshake(ChannelPipeline pipeline, FrontDoor door) {
        pipeline.addLast("http", new HttpServerCodec(HttpCarriage.MAX_HEADER_LINE, 8192, MAX_CHUNK))
                .addLast("door", door);
    }
}
