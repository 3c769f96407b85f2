package org.ethervpn.api.admin;

/**
 * A hub's SecureNAT at a glance (SoftEther's GetSecureNATStatus), plus EtherVPN's counters of what it
 * refused. SoftEther's IsKernelMode and IsRawIpMode are always false here (user-space NAT only).
 *
 * @param framesDropped frames from clients that were malformed or not for SecureNAT to answer
 * @param flowsRefused  new flows refused because a client reached its flow limit
 * @param state         in words: "running", "off", or why it does not run although it is on (no
 *                      SecureNAT plugin installed, hub offline, options the plugin refused)
 */
public record SecureNatStatus(String hub, boolean running, int tcpSessions, int udpSessions, int icmpSessions,
        int dnsSessions, int dhcpClients, long framesDropped, long flowsRefused, String state) {

    /** A status whose state is just running or not (what a plugin reports; the server adds why). */
    public SecureNatStatus(String hub, boolean running, int tcpSessions, int udpSessions, int icmpSessions,
            int dnsSessions, int dhcpClients, long framesDropped, long flowsRefused) {
        this(hub, running, tcpSessions, udpSessions, icmpSessions, dnsSessions, dhcpClients, framesDropped, flowsRefused,
                running ? "running" : "stopped");
    }

    /** SecureNAT that does not run, and why (counters zero). */
    public static SecureNatStatus notRunning(String hub, String state) {
        return new SecureNatStatus(hub, false, 0, 0, 0, 0, 0, 0, 0, state);
    }

    public SecureNatStatus withState(String hub, String text) {
        return new SecureNatStatus(hub, running, tcpSessions, udpSessions, icmpSessions, dnsSessions, dhcpClients,
                framesDropped, flowsRefused, text);
    }
}
