package org.ethervpn.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatOptions;
import org.ethervpn.api.admin.SecureNatStatus;
import org.ethervpn.api.securenat.SecureNat;
import org.ethervpn.api.securenat.SecureNatContext;
import org.ethervpn.api.securenat.SecureNatFactory;
import org.ethervpn.server.config.SecureNatRules;

import io.netty.buffer.ByteBuf;

/**
 * A SecureNAT plugin for the server's own tests (the real one is the bundle org.ethervpn.securenat,
 * tested there and end to end in the product): its virtual host answers every frame sent to its MAC
 * with the same bytes back from that MAC, on its own executor, so a test sees the port carry frames
 * both ways. It refuses an MTU of 1234, to show how the server handles a plugin's refusal.
 */
final class EchoSecureNat implements SecureNatFactory {
    static final int REFUSED_MTU = 1234;

    /** Every SecureNAT this factory started, in order. */
    final List<Instance> started = new CopyOnWriteArrayList<>();

    @Override
    public SecureNat start(SecureNatContext context) {
        if (context.options().mtu() == REFUSED_MTU) {
            throw new IllegalArgumentException("MTU " + REFUSED_MTU + " is not supported by this plugin");
        }
        Instance i = new Instance(context);
        started.add(i);
        return i;
    }

    static final class Instance implements SecureNat {
        final SecureNatContext context;
        final byte[] mac;
        final ExecutorService executor;
        final AtomicInteger received = new AtomicInteger();
        volatile Thread receivedOn;
        volatile boolean closed;

        Instance(SecureNatContext context) {
            this.context = context;
            this.mac = SecureNatRules.parseMac(context.options().mac());
            this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "echo-securenat-" + context.hub()));
        }

        SecureNatOptions options() {
            return context.options();
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return executor;
        }

        @Override
        public void receive(ByteBuf frame) {
            receivedOn = Thread.currentThread();
            received.incrementAndGet();
            boolean forMe = frame.readableBytes() >= 14;
            for (int i = 0; forMe && i < 6; i++) {
                forMe = frame.getByte(frame.readerIndex() + i) == mac[i];
            }
            if (!forMe) {
                frame.release();
                return;
            }
            int r = frame.readerIndex();
            byte[] src = new byte[6];
            frame.getBytes(r + 6, src);
            frame.setBytes(r, src);
            frame.setBytes(r + 6, mac);
            context.toHub(frame);
        }

        @Override
        public List<NatEntry> natSessions() {
            return List.of();
        }

        @Override
        public List<DhcpLease> dhcpLeases() {
            return List.of();
        }

        @Override
        public SecureNatStatus status() {
            return new SecureNatStatus(context.hub(), !closed, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public void close() {
            closed = true;
            executor.shutdown();
        }
    }
}
