package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Jazzer target: the plaintext a peer sends on a new connection (what TLS decrypts), read by the
 * server's own pipeline: Netty's HTTP codec with SoftEther's limits, the {@link FrontDoor} and what it
 * hands over to (the GET page, the watermark or {@code VPNCONNECT}, the handshake PACKs: login,
 * additional_connect, admin, enum_hub, noop; JSON-RPC over HTTP). The real server core is behind
 * it (hub DEFAULT, user alice). Input: byte 0 is the read size (0: all at once), the rest the bytes.
 * Contract: every refusal is a logged sentence; no handler meets an exception it did not expect
 * (such a one reaches {@code exceptionCaught} and would close with its class name), no error is
 * logged, and nothing escapes the pipeline.
 */
class HandshakeFuzzTest {
    /** A refusal that is an exception's name rather than one of the handshake's sentences. */
    private static final Pattern UNEXPECTED = Pattern.compile("closed: \\{\\} \\| [^|]+ \\| [A-Za-z]*(Exception|Error)\\b");

    @TempDir
    static Path dir;
    static TestServer server;
    static Supplier<FrontDoor> door;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 60_000).user("alice", "alicepass");
        ServerContext ctx = server.core.context();
        Authenticator auth = (Authenticator) field("authenticator");
        HubSet hubs = (HubSet) field("hubs");
        Method names = ServerCore.class.getDeclaredMethod("hubNames");
        names.setAccessible(true);
        @SuppressWarnings("unchecked")
        Supplier<List<String>> hubNames = () -> {
            try {
                return (List<String>) names.invoke(server.core);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
        door = () -> new FrontDoor(ctx, auth, hubs, hubNames);
    }

    private static Object field(String name) throws ReflectiveOperationException {
        Field f = ServerCore.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(server.core);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void connection(byte[] input) {
        if (input.length < 1) {
            return;
        }
        server.log.clear();
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40_000); // a local peer: the empty admin password counts
            }
        };
        ConnectionInitializer.addHandshake(ch.pipeline(), door.get());
        int read = input[0] == 0 ? Math.max(1, input.length - 1) : input[0] & 0xff;
        for (int at = 1; at < input.length && ch.isOpen(); at += read) {
            ch.writeInbound(Unpooled.copiedBuffer(input, at, Math.min(read, input.length - at)));
            for (Object out; (out = ch.readOutbound()) != null;) {
                ReferenceCountUtil.release(out);
            }
            for (Object in; (in = ch.readInbound()) != null;) {
                ReferenceCountUtil.release(in); // a pipeline left in tunnel mode passes bytes on
            }
        }
        ch.finishAndReleaseAll();
        for (String line : server.log.lines()) {
            assertTrue(!line.startsWith("error:") && !UNEXPECTED.matcher(line).find(), line);
        }
    }
}
