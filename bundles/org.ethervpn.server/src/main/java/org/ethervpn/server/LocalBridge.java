package org.ethervpn.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.BridgeInfo;
import org.ethervpn.hub.HubJoinException;
import org.ethervpn.hub.HubPort;
import org.ethervpn.hub.PortConfig;
import org.ethervpn.hub.VirtualHub;
import org.ethervpn.server.config.BridgeConfig;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A local bridge while the server runs: a hub port plugged into a network interface through a
 * virtual adapter plugin ("packet" for an existing interface, "tap" for a TAP device). Frames the
 * adapter's reader thread delivers are switched into the hub in batches; frames the hub sends to
 * the port are written by one writer thread per bridge, a batch per wake-up. Until the hub, the
 * adapter plugin and the interface are all there it checks again every few seconds, and it
 * reopens when the hub is deleted and re-created or the interface fails.
 */
final class LocalBridge implements VirtualAdapter.FrameReceiver {
    /** The adapter plugin for an existing interface; {@code tap} creates a TAP device. */
    static final String PACKET_PLUGIN = "packet";
    private static final long CHECK_SECONDS = 3;
    private static final int BATCH = 128;

    private final ServerContext ctx;
    private final BridgeConfig config;
    private final Function<String, VirtualHub> hubs;
    private final ArrayList<ByteBuf> in = new ArrayList<>(BATCH); // reader thread only
    private final ArrayList<ByteBuf> out = new ArrayList<>(BATCH); // writer thread only
    private final PortDrain drain = new PortDrain(); // writer thread only
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final LongAdder writeErrors = new LongAdder();
    private final ExecutorService writer;
    private ScheduledFuture<?> check;
    private boolean stopped;
    private VirtualHub hub;
    private volatile HubPort port;
    private volatile VirtualAdapter adapter;
    private volatile String status = "starting";

    /** @param hubs the running hub of a name, or null: asked on every check, since hubs come and go */
    LocalBridge(ServerContext ctx, BridgeConfig config, Function<String, VirtualHub> hubs) {
        this.ctx = ctx;
        this.config = config;
        this.hubs = hubs;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ethervpn-bridge-" + config.interfaceName());
            t.setDaemon(true);
            return t;
        });
    }

    BridgeConfig config() {
        return config;
    }

    synchronized LocalBridge start() {
        check = ctx.timer().scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    synchronized void stop() {
        stopped = true;
        if (check != null) {
            check.cancel(false);
        }
        close(null);
        writer.shutdown();
    }

    BridgeInfo info() {
        return new BridgeInfo(config.hub(), config.device(), config.tap(), adapter != null, status);
    }

    /** Opens what is missing, or notices that the hub or the interface went away. */
    private synchronized void check() {
        if (stopped) {
            return;
        }
        VirtualHub current = hubs.apply(config.hub());
        HubPort p = port;
        if (adapter != null && (current != hub || p == null || !p.isOpen())) {
            close(current == null ? "offline: there is no virtual hub " + config.hub() : null);
        }
        if (adapter != null) {
            return;
        }
        if (current == null) {
            status = "offline: there is no virtual hub " + config.hub();
            return;
        }
        if (!current.isOnline()) {
            status = "offline: virtual hub " + config.hub() + " is offline";
            return;
        }
        String plugin = config.tap() ? "tap" : PACKET_PLUGIN;
        Optional<VirtualAdapterFactory> factory = ctx.plugins().adapter(plugin);
        if (factory.isEmpty()) {
            status = "error: no \"" + plugin + "\" virtual adapter plugin is installed";
            return;
        }
        VirtualAdapter a;
        try {
            a = factory.get().open(config.interfaceName());
        } catch (IOException | RuntimeException e) {
            String reason = "error: " + e.getMessage();
            if (!reason.equals(status)) {
                ctx.log().warn("Local bridge of hub {} to {}: {}", config.hub(), config.interfaceName(), e.getMessage());
            }
            status = reason;
            return;
        }
        try {
            port = current.join(PortConfig.localBridge("BRIDGE-" + config.interfaceName()), this::wakeup);
        } catch (HubJoinException e) {
            closeQuietly(a);
            status = "offline: " + e.getMessage();
            return;
        }
        hub = current;
        adapter = a;
        a.startReceiving(this);
        status = "operating";
        ctx.log().info("Local bridge of hub {} to {} is operating", config.hub(), config.interfaceName());
    }

    private void close(String reason) {
        HubPort p = port;
        VirtualAdapter a = adapter;
        port = null;
        adapter = null;
        hub = null;
        if (p != null) {
            p.leave();
        }
        if (a != null) {
            closeQuietly(a);
            ctx.log().info("Local bridge of hub {} to {} closed", config.hub(), config.interfaceName());
        }
        if (reason != null) {
            status = reason;
        }
    }

    private static void closeQuietly(VirtualAdapter a) {
        try {
            a.close();
        } catch (IOException e) {
            // closing a device we are giving up on: nothing more to do
        }
    }

    // ---------------------------------------------------------------- frames

    /** Frames from the interface (the adapter's reader thread): copied once, switched as one batch. */
    @Override
    public void frames(ByteBuffer[] frames, int count) {
        HubPort p = port;
        VirtualHub h = hub;
        if (p == null || h == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer f = frames[i];
            ByteBuf copy = PooledByteBufAllocator.DEFAULT.directBuffer(f.remaining());
            copy.writeBytes(f);
            in.add(copy);
        }
        try {
            h.forward(p, in);
        } finally {
            in.clear();
        }
    }

    /** The hub has frames for the interface: one writer task at a time (the hub's hook must not block). */
    private void wakeup() {
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(this::write);
            } catch (RejectedExecutionException e) {
                writeScheduled.set(false); // stopping
            }
        }
    }

    private void write() {
        writeScheduled.set(false);
        HubPort p = port;
        VirtualAdapter a = adapter;
        if (p == null || a == null) {
            return;
        }
        int n;
        do {
            n = drain.drainTo(p, out, BATCH, false);
            for (int i = 0; i < n; i++) {
                ByteBuf f = out.get(i);
                try {
                    a.writeFrame(f); // from its native memory: no view object per frame
                } catch (IOException e) {
                    writeErrors.increment(); // the device went away: the next check reopens it
                } finally {
                    f.release();
                }
            }
            out.clear();
        } while (n >= BATCH);
    }
}
