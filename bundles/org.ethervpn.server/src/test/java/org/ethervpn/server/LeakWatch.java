package org.ethervpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Netty's leak detector at PARANOID level (every buffer tracked), with every leak report recorded so
 * a test can fail on it instead of a LEAK line going unnoticed in the output. Must be installed
 * before Netty's first buffer class is initialised: every test class that uses Netty calls
 * {@link #install()} from a static initialiser, and it fails if it came too late.
 */
final class LeakWatch {
    private static final List<String> LEAKS = new ArrayList<>();
    private static boolean installed;

    private LeakWatch() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                ResourceLeakDetector<T> d = new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected boolean needReport() {
                        return true;
                    }

                    @Override
                    protected void reportTracedLeak(String type, String records) {
                        // recorded by the listener, shown by assertNoLeaks
                    }

                    @Override
                    protected void reportUntracedLeak(String type) {
                        // recorded by the listener, shown by assertNoLeaks
                    }
                };
                d.setLeakListener((type, records) -> {
                    synchronized (LEAKS) {
                        LEAKS.add("LEAK: " + type + "\n" + records);
                    }
                });
                return d;
            }
        });
        installed = true;
        try {
            Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            f.setAccessible(true);
            Object detector = f.get(null);
            assertTrue(detector.getClass().getName().startsWith(LeakWatch.class.getName()),
                    "Netty's buffer leak detector was created before LeakWatch.install(): " + detector.getClass());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot check Netty's leak detector", e);
        }
    }

    /**
     * Collects garbage and allocates (tracked) buffers so the detector reports what was dropped
     * without release, then fails if anything was reported since the start.
     */
    static void assertNoLeaks() throws InterruptedException {
        assertEquals(List.of(), collect(), "Netty reported leaked buffers");
    }

    /** The leaks reported since the last call, after a collection; they are not reported again. */
    static List<String> collect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 8; j++) {
                ByteBuf b = ByteBufAllocator.DEFAULT.buffer(64);
                b.release();
            }
        }
        synchronized (LEAKS) {
            List<String> found = List.copyOf(LEAKS);
            LEAKS.clear();
            return found;
        }
    }
}
