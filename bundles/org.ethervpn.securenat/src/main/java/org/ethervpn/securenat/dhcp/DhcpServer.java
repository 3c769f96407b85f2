package org.ethervpn.securenat.dhcp;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.securenat.engine.Engine;
import org.ethervpn.securenat.engine.Host;
import org.ethervpn.securenat.engine.HostConfig;
import org.ethervpn.securenat.engine.LeaseSource;
import org.ethervpn.securenat.engine.PacketHandler;
import org.ethervpn.securenat.engine.Service;
import org.ethervpn.securenat.packet.Ip4;
import org.ethervpn.securenat.packet.Ipv4;
import org.ethervpn.securenat.packet.Mac;

import io.netty.buffer.ByteBuf;

/**
 * SecureNAT's virtual DHCP server on UDP 67 of the virtual host (RFC 2131): DISCOVER gets an
 * OFFER, REQUEST an ACK or a NAK (selecting, init-reboot, renewing, rebinding), RELEASE and DECLINE
 * free or fence an address, INFORM gets the settings without a lease. Clients are told apart by the
 * frame's source MAC, as SoftEther does. Malformed messages are dropped and counted.
 */
public final class DhcpServer implements PacketHandler, Service, LeaseSource {
    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    /** BOOTP's minimum message (RFC 1542 §2.1): some clients drop shorter ones. */
    static final int MIN_BOOTP = 300;
    private static final long EXPIRE_EVERY = TimeUnit.SECONDS.toNanos(1);
    private static final long WARN_EVERY = TimeUnit.MINUTES.toNanos(1);

    private final Host host;
    private final HostConfig config;
    private final LeasePool pool;
    private final byte[] settings;
    private long lastExpire;
    private long lastExhaustedWarning = Long.MIN_VALUE;

    public DhcpServer(Host host) {
        this.host = host;
        this.config = host.config();
        int network = config.leaseStart() & config.leaseMask();
        int broadcast = network | ~config.leaseMask();
        // never hand out the virtual host's own address or the lease subnet's network/broadcast address
        this.pool = new LeasePool(config.leaseStart(), config.leaseEnd(), config.leaseSeconds(),
                ip -> ip == config.ip() || ip == network || ip == broadcast ? LeasePool.DECLINED : host.stationMac(ip));
        this.settings = DhcpReply.settings(config);
    }

    /** Registers the server with a new engine (UDP 67, expiry, lease listing). */
    public static void install(Engine engine) {
        DhcpServer server = new DhcpServer(engine);
        engine.hostUdp(SERVER_PORT, server).service(server).leases(server);
    }

    @Override
    public void packet(ByteBuf frame, int ip, long srcMac) {
        int udp = Ipv4.payload(frame, ip);
        DhcpMessage m;
        try {
            m = DhcpMessage.parse(frame, udp + 8, frame.getUnsignedShort(udp + 4) - 8);
        } catch (DhcpMessage.Malformed e) {
            host.dropped(e.getMessage());
            return;
        }
        if (frame.getInt(udp + 8 + 24) != 0) {
            host.dropped("relayed DHCP message"); // the server sits on the hub's own segment
            return;
        }
        long now = host.nanoTime();
        int srcIp = Ipv4.src(frame, ip);
        switch (m.type()) {
            case DhcpMessage.DISCOVER -> discover(m, srcMac, now);
            case DhcpMessage.REQUEST -> request(m, srcMac, srcIp, now);
            case DhcpMessage.RELEASE -> {
                if (pool.release(srcMac, m.ciaddr())) {
                    host.forgetStation(m.ciaddr(), srcMac); // so the address is free for others at once
                }
            }
            case DhcpMessage.DECLINE -> {
                if (pool.decline(srcMac, m.requested(), now)) {
                    host.log().warn("SecureNAT DHCP: " + Mac.format(srcMac) + " declined " + Ip4.format(m.requested())
                            + " (another station uses it); it is kept out of the pool for one lease time");
                }
            }
            case DhcpMessage.INFORM -> send(m, DhcpMessage.ACK, 0, srcMac, false);
            default -> host.dropped("DHCP message type " + m.type() + " is not a client's");
        }
    }

    private void discover(DhcpMessage m, long mac, long now) {
        int ip = pool.offer(mac, m.requested(), now);
        if (ip == 0) {
            host.dropped("DHCP pool exhausted");
            if (now - lastExhaustedWarning >= WARN_EVERY || lastExhaustedWarning == Long.MIN_VALUE) {
                lastExhaustedWarning = now;
                host.log().warn("SecureNAT DHCP: no free address for " + Mac.format(mac) + " (pool "
                        + Ip4.format(config.leaseStart()) + "-" + Ip4.format(config.leaseEnd()) + ", "
                        + pool.entries() + " held, " + pool.offers() + " offers pending)");
            }
            return;
        }
        send(m, DhcpMessage.OFFER, ip, mac, true);
    }

    private void request(DhcpMessage m, long mac, int srcIp, long now) {
        if (m.serverId() != 0 && m.serverId() != config.ip()) {
            pool.forgetOffer(mac); // the client took another server's offer
            return;
        }
        // selecting and init-reboot name the address in option 50; renewing and rebinding in ciaddr
        int want = m.requested() != 0 ? m.requested() : m.ciaddr() != 0 ? m.ciaddr() : srcIp;
        boolean fresh = pool.byMac(mac) == null || !pool.byMac(mac).bound || pool.byMac(mac).ip != want;
        if (want == 0 || (srcIp != 0 && srcIp != want) || !pool.bind(mac, want, m.hostname(), now)) {
            send(m, DhcpMessage.NAK, 0, mac, false);
            return;
        }
        if (fresh) {
            host.saveLog().leaseGiven(now, mac, want, m.hostname(), config.leaseSeconds());
        }
        send(m, DhcpMessage.ACK, want, mac, true);
    }

    /** Addresses the answer as RFC 2131 §4.1 says (no relay): NAKs and clients without an address that ask for it by broadcast. */
    private void send(DhcpMessage m, int type, int yiaddr, long mac, boolean lease) {
        int ciaddr = type == DhcpMessage.NAK ? 0 : m.ciaddr();
        boolean broadcast = type == DhcpMessage.NAK || (ciaddr == 0 && (m.broadcastFlag() || yiaddr == 0));
        int dst = broadcast ? Ip4.BROADCAST : ciaddr != 0 ? ciaddr : yiaddr;
        ByteBuf packet = DhcpReply.write(host, m, type, ciaddr, yiaddr, dst,
                type == DhcpMessage.NAK ? null : settings, lease ? config.leaseSeconds() : 0);
        host.sendFrame(DhcpReply.frame(packet, broadcast ? Mac.BROADCAST : mac, config.mac()));
    }

    @Override
    public void tick(long now) {
        if (now - lastExpire >= EXPIRE_EVERY) {
            lastExpire = now;
            pool.expire(now);
        }
    }

    @Override
    public void leases(List<DhcpLease> out) {
        long now = host.nanoTime();
        Instant wall = Instant.now();
        String mask = Ip4.format(config.leaseMask());
        for (LeasePool.Lease l : pool.bound()) {
            out.add(new DhcpLease(l.id, wall.minusNanos(now - l.leased), wall.plusNanos(l.expires - now), Mac.format(l.mac),
                    Ip4.format(l.ip), mask, l.hostname));
        }
    }

    @Override
    public String hostName(int ip) {
        LeasePool.Lease l = pool.byIp(ip);
        return l != null && l.bound && l.mac != LeasePool.DECLINED ? l.hostname : "";
    }

    LeasePool pool() {
        return pool;
    }
}
