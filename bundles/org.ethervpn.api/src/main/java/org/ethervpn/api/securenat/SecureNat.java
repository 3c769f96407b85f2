package org.ethervpn.api.securenat;

import java.util.List;
import java.util.concurrent.Executor;

import org.ethervpn.api.admin.DhcpLease;
import org.ethervpn.api.admin.NatEntry;
import org.ethervpn.api.admin.SecureNatStatus;
import org.osgi.annotation.versioning.ConsumerType;

import io.netty.buffer.ByteBuf;

/** SecureNAT running on one hub. The listing methods may be called from any thread. */
@ConsumerType
public interface SecureNat extends AutoCloseable {
    /** Where {@link #receive} must be called: SecureNAT's state lives on one thread, without locks. */
    Executor executor();

    /**
     * Takes one Ethernet frame the hub switched to SecureNAT's port (plain frames only: the server
     * cuts super-frames first). Consumes the frame's reference. Call only on {@link #executor()}.
     */
    void receive(ByteBuf frame);

    /** The NAT sessions now (EnumNAT). */
    List<NatEntry> natSessions();

    /** The DHCP leases now (EnumDHCP). */
    List<DhcpLease> dhcpLeases();

    SecureNatStatus status();

    /** Stops: closes every relayed socket, forgets leases; idempotent. */
    @Override
    void close();
}
