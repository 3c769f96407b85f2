package org.ethervpn.api.admin;

/**
 * A hub's SecureNAT at a glance (SoftEther's GetSecureNATStatus), plus EtherVPN's counters of what it
 * refused. SoftEther's IsKernelMode and IsRawIpMode are always false here (user-space NAT only).
 *
 * @param framesDropped frames from clients that were malformed or not for SecureNAT to answer
 * @param flowsRefused  new flows refused because a client reached its flow limit
 */
public record SecureNatStatus(String hub, boolean running, int tcpSessions, int udpSessions, int icmpSessions,
        int dnsSessions, int dhcpClients, long framesDropped, long flowsRefused) {
}
