package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBufAllocator;

/** The leak check the server tests rely on does catch a buffer that was never released. */
class LeakWatchTest {
    static {
        LeakWatch.install();
    }

    @Test
    void aBufferDroppedWithoutReleaseIsReported() throws Exception {
        LeakWatch.assertNoLeaks();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < 5 && found.isEmpty(); i++) {
            leak();
            found.addAll(LeakWatch.collect());
        }
        assertTrue(found.stream().anyMatch(l -> l.startsWith("LEAK: ByteBuf")), found.toString());
    }

    private static void leak() {
        ByteBufAllocator.DEFAULT.buffer(128).writeInt(42);
    }
}
