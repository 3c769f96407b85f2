package org.ethervpn.admin.rpc;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.pack.Pack;
import org.ethervpn.pack.PackCodec;
import org.ethervpn.pack.PackException;
import org.ethervpn.pack.PackLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Jazzer target: binary admin RPC calls after an administrator login (what vpncmd sends), through
 * the server's own framing and {@link RpcHandler} into every method of the real server. Input: byte
 * 0 picks the method (its {@code function_name} replaces the PACK's, so every method is reached; 255
 * keeps the PACK's own), byte 1 whether the caller is the server administrator or hub DEFAULT's,
 * the rest is the request PACK (sent as it is when it does not decode). Contract: each frame gets one
 * answer PACK, an error code or a result; never error 23 (a method met an exception it did not
 * expect) and no error logged.
 */
class AdminRpcFuzzTest {
    static FuzzedAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        admin = FuzzedAdmin.start();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void call(byte[] input) throws PackException {
        if (input.length < 2) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 2, input.length);
        try {
            Pack request = PackCodec.decode(body);
            if (input[0] != -1) {
                request.remove("function_name");
                request.addStr("function_name", admin.methods.get((input[0] & 0xff) % admin.methods.size()));
            }
            body = PackCodec.encode(request);
        } catch (PackException malformed) {
            // sent as it is: the answer must be error 38
        }
        AdminCaller caller = input[1] % 2 == 0 ? AdminCaller.serverAdmin("127.0.0.1") : new AdminCaller("DEFAULT", "127.0.0.1");
        EmbeddedChannel ch = new EmbeddedChannel();
        RpcEndpoint.addRpc(ch.pipeline(), new RpcHandler(admin.dispatcher, caller, new Direct(), admin.server.log.logger()));
        ch.writeInbound(Unpooled.buffer(4 + body.length).writeInt(body.length).writeBytes(body));
        ByteBuf answer = ch.readOutbound();
        assertTrue(answer != null, "no answer");
        try {
            int length = answer.readInt();
            assertTrue(length == answer.readableBytes(), "answer frame of " + length + " bytes carries " + answer.readableBytes());
            Pack out = PackCodec.decode(answer.nioBuffer(), PackLimits.SOFTETHER);
            assertNotEquals(AdminError.INTERNAL_ERROR.code(), out.getInt("error"), out.toString());
        } finally {
            answer.release();
        }
        assertTrue(ch.readOutbound() == null, "more than one answer");
        ch.finishAndReleaseAll();
        admin.assertNoErrorLogged();
    }

    /** Runs each call at once on the caller's thread: the embedded channel's one thread. */
    static final class Direct extends AbstractExecutorService {
        @Override public void execute(Runnable r) { r.run(); }
        @Override public void shutdown() { }
        @Override public List<Runnable> shutdownNow() { return List.of(); }
        @Override public boolean isShutdown() { return false; }
        @Override public boolean isTerminated() { return false; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }
}
