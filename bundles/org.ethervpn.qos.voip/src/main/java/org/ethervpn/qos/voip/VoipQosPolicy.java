package org.ethervpn.qos.voip;

import java.nio.ByteBuffer;

import org.ethervpn.api.plugin.Plugin;
import org.ethervpn.api.qos.Priority;
import org.ethervpn.api.qos.QosPolicy;
import org.osgi.service.component.annotations.Component;

/**
 * SoftEther's VoIP/QoS rule (session spec §5.7): an untagged IPv4 frame is high priority when its
 * ToS byte is non-zero and not 0x08 (0x08 is "maximise throughput", i.e. bulk), or when it is ICMP
 * and the whole frame is 34..128 bytes (pings measure latency, so they ride with voice).
 * Reads four bytes at absolute offsets; never allocates.
 */
@Component(service = QosPolicy.class, property = Plugin.NAME_PROPERTY + "=" + VoipQosPolicy.NAME)
public final class VoipQosPolicy implements QosPolicy {
    static final String NAME = "voip";

    private static final int ETHERTYPE = 12;
    private static final int IP_TOS = 15;
    private static final int IP_PROTOCOL = 23;
    private static final int MIN_IPV4_FRAME = 34; // Ethernet header + minimal IPv4 header
    private static final int MAX_ICMP_FRAME = 128;
    private static final int ICMP = 1;
    private static final int TOS_THROUGHPUT = 0x08;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SoftEther VoIP/QoS: IPv4 with a ToS (not 0x08) or small ICMP first";
    }

    @Override
    public Priority classify(ByteBuffer frame) {
        int p = frame.position();
        int len = frame.limit() - p;
        if (len < MIN_IPV4_FRAME || frame.getShort(p + ETHERTYPE) != 0x0800) {
            return Priority.NORMAL;
        }
        int tos = frame.get(p + IP_TOS) & 0xff;
        if (tos != 0 && tos != TOS_THROUGHPUT) {
            return Priority.HIGH;
        }
        if ((frame.get(p + IP_PROTOCOL) & 0xff) == ICMP && len <= MAX_ICMP_FRAME) {
            return Priority.HIGH;
        }
        return Priority.NORMAL;
    }
}
