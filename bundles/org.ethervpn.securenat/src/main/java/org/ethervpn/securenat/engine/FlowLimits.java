package org.ethervpn.securenat.engine;

/**
 * How many NAT flows (TCP, UDP, ICMP and DNS sessions together) one client and the whole NAT may
 * have. SoftEther bounds a NAT at 4096 sessions in kernel mode and has per-user policies; ours
 * defaults to 1024 per client and 16384 in all, so one client cannot take the NAT from the others.
 */
public record FlowLimits(int perClient, int total) {
    public static final FlowLimits DEFAULT = new FlowLimits(1024, 16384);

    public FlowLimits {
        if (perClient < 1 || total < perClient) {
            throw new IllegalArgumentException("flow limits: per client " + perClient + ", total " + total);
        }
    }
}
