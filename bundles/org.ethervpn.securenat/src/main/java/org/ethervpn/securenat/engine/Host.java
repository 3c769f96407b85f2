package org.ethervpn.securenat.engine;

import org.ethervpn.api.admin.NatProtocol;

import io.netty.buffer.ByteBuf;

/** What the engine offers SecureNAT's protocol pieces. Call only on the engine's loop. */
public interface Host {
    HostConfig config();

    /** The engine's clock (a test drives it by hand). */
    long nanoTime();

    /** The loop and channel classes for relay sockets; null in socket-free tests. */
    Io io();

    NatLog log();

    /** The hub's activity log (NAT sessions, DHCP leases) when the hub's {@code saveLog} is on. */
    SaveLog saveLog();

    /**
     * A buffer for one IPv4 packet of up to {@code ipLength} bytes, with room for the Ethernet header
     * in front so {@link #sendIp} adds it without copying: write the packet from the writer index.
     */
    ByteBuf ipBuffer(int ipLength);

    /**
     * Sends an IPv4 packet (from the reader index: header with its checksum, payload with its
     * checksums) to the station on the hub that has its destination address, resolving the MAC by ARP
     * if needed (a few packets wait for the answer). Consumes the reference.
     */
    void sendIp(ByteBuf packet);

    /** Sends a whole Ethernet frame as it is (e.g. a DHCP answer to a MAC). Consumes the reference. */
    void sendFrame(ByteBuf frame);

    /** A fresh IPv4 identification value. */
    int nextIpId();

    /** A fresh session id for EnumNAT. */
    int nextSessionId();

    /**
     * Asks for one more flow of {@code client}: false (counted, logged once a minute per client) when
     * it has reached the per-client limit or the NAT its total. Every true must be paired with a
     * {@link #closeFlow}.
     */
    boolean openFlow(int client, NatProtocol protocol);

    void closeFlow(int client, NatProtocol protocol);

    /** Counts a frame that was malformed or not for SecureNAT to answer. */
    void dropped(String reason);

    /**
     * The MAC of the station the engine last saw using {@code ip} on the hub (from its ARP or IPv4
     * frames, within the ARP table's lifetime), or 0 if none: the DHCP server does not hand out an
     * address another station is using.
     */
    long stationMac(int ip);

    /** Forgets which station uses {@code ip} if it is {@code mac} (it gave the address back by DHCP RELEASE). */
    void forgetStation(int ip, long mac);

    /** The host name a DHCP client gave for this address, or "". */
    String hostName(int ip);
}
