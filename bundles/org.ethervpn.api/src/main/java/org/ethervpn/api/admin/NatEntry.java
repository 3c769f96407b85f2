package org.ethervpn.api.admin;

import java.time.Instant;

/**
 * One SecureNAT session (SoftEther's EnumNAT item): a client's flow carried out through the server's
 * own sockets. Hosts are names when known (the DHCP lease's host name, the name a DNS query asked
 * for), else empty. {@code sendBytes}: from the client out; {@code recvBytes}: back to the client.
 *
 * @param tcpState the TCP state; null for UDP, DNS and ICMP
 */
public record NatEntry(int id, NatProtocol protocol, String srcIp, String srcHost, int srcPort, String destIp,
        String destHost, int destPort, Instant created, Instant lastCommunication, long sendBytes, long recvBytes,
        NatTcpState tcpState) {
}
