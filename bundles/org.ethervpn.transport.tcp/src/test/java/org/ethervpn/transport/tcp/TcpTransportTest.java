package org.ethervpn.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.transport.ConnectRequest;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.api.transport.Listener;
import org.ethervpn.api.transport.ProxySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;

class TcpTransportTest {
    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (p, m, a) -> m.getReturnType() == boolean.class ? false
                        : m.getReturnType() == String.class ? "test" : null);
    }

    static TcpTransportConfig config(boolean nativeIo) {
        return new TcpTransportConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TcpTransportConfig.class;
            }

            @Override
            public boolean nativeTransport() {
                return nativeIo;
            }

            @Override
            public int ioThreads() {
                return 2;
            }
        };
    }

    TcpTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.deactivate();
        }
    }

    @Test
    void usesEpollOnLinuxAndNioWhenToldTo() {
        transport = new TcpTransport(quietLogger(), config(true));
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertEquals("epoll", transport.ioKind());
        }
        transport.deactivate();
        transport = new TcpTransport(quietLogger(), config(false));
        assertEquals("nio", transport.ioKind());
    }

    @Test
    void echoesOverLoopbackWithNoDelayOnBothEnds() throws Exception {
        for (boolean nativeIo : new boolean[] {true, false}) {
            transport = new TcpTransport(quietLogger(), config(nativeIo));
            LinkedBlockingQueue<Boolean> serverNoDelay = new LinkedBlockingQueue<>();
            try (Listener l = transport.listen(new InetSocketAddress("127.0.0.1", 0), new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    serverNoDelay.add(ch.config().getOption(ChannelOption.TCP_NODELAY));
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                        }
                    });
                }
            })) {
                LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
                Channel c = transport.connect(ConnectRequest.direct(new Endpoint("127.0.0.1", l.localAddress().getPort()),
                        Duration.ofSeconds(5)), new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                got.add(msg.toString(StandardCharsets.US_ASCII));
                            }
                        }).get(5, TimeUnit.SECONDS);
                assertTrue(c.config().getOption(ChannelOption.TCP_NODELAY));
                c.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
                assertEquals("hello", got.poll(5, TimeUnit.SECONDS));
                assertTrue(serverNoDelay.poll(5, TimeUnit.SECONDS));
                c.close().sync();
            }
            transport.deactivate();
            transport = null;
        }
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        transport = new TcpTransport(quietLogger(), config(true));
        try (Listener l = transport.listen(new InetSocketAddress("127.0.0.1", 0), new ChannelInboundHandlerAdapter())) {
            IOException e = assertThrows(IOException.class,
                    () -> transport.listen(l.localAddress(), new ChannelInboundHandlerAdapter()));
            assertTrue(e.getMessage().startsWith("cannot listen on"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionNamesTheTarget() throws Exception {
        transport = new TcpTransport(quietLogger(), config(true));
        int port;
        try (Listener l = transport.listen(new InetSocketAddress("127.0.0.1", 0), new ChannelInboundHandlerAdapter())) {
            port = l.localAddress().getPort();
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                ConnectRequest.direct(new Endpoint("127.0.0.1", port), Duration.ofSeconds(2)),
                new ChannelInboundHandlerAdapter()).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("127.0.0.1:" + port), e.getCause().getMessage());
    }

    @Test
    void refusesToGoThroughAProxy() {
        transport = new TcpTransport(quietLogger(), config(true));
        var req = new ConnectRequest(new Endpoint("example.invalid", 443), Duration.ofSeconds(1),
                new ProxySettings(new Endpoint("127.0.0.1", 3128), "u", "secret"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.connect(req, new ChannelInboundHandlerAdapter()).get());
        assertTrue(e.getCause().getMessage().contains("proxy transport"));
        assertTrue(!e.getCause().getMessage().contains("secret"), "password must not leak");
    }
}
