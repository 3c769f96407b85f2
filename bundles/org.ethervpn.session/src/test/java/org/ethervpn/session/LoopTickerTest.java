package org.ethervpn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.protocol.ConnectionDirection;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The once-a-second ticker shared by a loop's tunnel connections (keep-alives and the session
 * timeout run from it; TunnelTest covers their timing): a connection joins it in tunnel mode, it
 * ticks once a second, and a closed connection leaves it with no timer staying behind.
 */
class LoopTickerTest {
    @Test
    void aConnectionJoinsInTunnelModeAndLeavesWhenClosed() {
        int before = LoopTicker.size();
        TunnelSession session = new TunnelSession("s", new SessionParameters(1, true, false, false, false, 20_000), true,
                new SessionLink() {
                    @Override
                    public void received(List<ByteBuf> frames) {
                        frames.forEach(ByteBuf::release);
                    }

                    @Override
                    public int drainTo(List<? super ByteBuf> out, int max) {
                        return 0;
                    }
                }, (s, c, reason, remaining) -> { }, null, null);
        EmbeddedChannel ch = new EmbeddedChannel();
        try {
            session.attach(ch, ConnectionDirection.BOTH, "c1", "none");
            ch.runPendingTasks();
            assertEquals(before + 1, LoopTicker.size(), "joined the ticker");
            assertTrue(drop(ch) >= 1, "a keep-alive on entering tunnel mode");
            ch.advanceTimeBy(LoopTicker.TICK_MILLIS, TimeUnit.MILLISECONDS);
            long next = ch.runScheduledPendingTasks();
            assertTrue(next > 0 && next <= TimeUnit.MILLISECONDS.toNanos(LoopTicker.TICK_MILLIS),
                    "one tick ran and the next is due within a second: " + next + " ns");

            ch.close();
            ch.runPendingTasks();
            assertEquals(before, LoopTicker.size(), "the closed connection left the ticker");
            ch.advanceTimeBy(LoopTicker.TICK_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(-1, ch.runScheduledPendingTasks(), "no timer stays behind on the loop");
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static int drop(EmbeddedChannel ch) {
        int n = 0;
        for (Object m; (m = ch.readOutbound()) != null; n++) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
        return n;
    }
}
