package org.ethervpn.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.junit.jupiter.api.Test;

class TrafficReportTest {
    @Test
    void shortFormsAsVpncmdPrintsThem() {
        assertEquals("2.04 GBytes", TrafficReport.short1000(2_042_682_237L, "Bytes"));
        assertEquals("712.66 MBytes", TrafficReport.short1000(712_656_467L, "Bytes"));
        assertEquals("0.95 GBytes", TrafficReport.short1000(950_000_000L, "Bytes")); // within 10 % of the unit
        assertEquals("900.00 MBytes", TrafficReport.short1000(900_000_000L, "Bytes"));
        assertEquals("11.03 Gbps", TrafficReport.short1000(11_031_626_437L, "bps"));
        assertEquals("900 bps", TrafficReport.short1000(900, "bps"));
        assertEquals("0 Bytes", TrafficReport.short1000(0, "Bytes"));
    }

    @Test
    void spanAndGrouping() {
        assertEquals("00:00:03.000", TrafficReport.span(3000));
        assertEquals("01:02:03.004", TrafficReport.span(3_723_004));
        assertEquals("1:00:00:00.001", TrafficReport.span(86_400_001));
        assertEquals("11,031,626,437", TrafficReport.grouped(11_031_626_437L));
    }

    /** The table of a real vpncmd TrafficClient run (5.01 build 9674), for the same numbers. */
    @Test
    void theTableIsVpncmds() {
        TrafficResult r = new TrafficResult(3000, false, false, 0, 0, 2_042_682_237L, 2_094_177_677L, 4_136_859_914L,
                5_447_152_632L, 5_584_473_805L, 11_031_626_437L);
        String vpncmd = """
                Item Name                                             |        Normal View|Simplified View
                ------------------------------------------------------+-------------------+---------------
                Time Span for Measurement                             |       00:00:03.000|
                Data Correction for Ethernet Frames                   |                Yes|
                Communication Data Volume in Download Direction       |2,042,682,237 Bytes|    2.04 GBytes
                Communication Data Volume in Upload Direction         |2,094,177,677 Bytes|    2.09 GBytes
                Total Communication Data Volume                       |4,136,859,914 Bytes|    4.14 GBytes
                Relay Device Input Output Total Throughput Computation|                 No|
                Average Throughput in Download Direction              |  5,447,152,632 bps|      5.45 Gbps
                Average Throughput in Upload Direction                |  5,584,473,805 bps|      5.58 Gbps
                Total Average Throughput                              | 11,031,626,437 bps|     11.03 Gbps
                """;
        String table = TrafficReport.table(r).replace(System.lineSeparator(), "\n");
        assertTrue(table.startsWith(vpncmd), table);
    }

    @Test
    void theTableEndsWithTheRatesOfTheOtherCorrection() {
        TrafficResult r = TrafficMath.result(1000, false, false, 1_460_000, 0);
        assertTrue(TrafficReport.table(r).contains("Without the Ethernet-frame correction: download 11.68 Mbps, upload 0 bps"),
                TrafficReport.table(r));
        TrafficResult raw = TrafficMath.result(1000, true, false, 1_460_000, 0);
        assertTrue(TrafficReport.table(raw).contains("With the Ethernet-frame correction: download 12.11 Mbps"));
    }

    @Test
    void jsonCarriesBothRates() {
        TrafficOptions o = new TrafficOptions("h\"x", 9821, 2, TrafficDirection.FULL, Duration.ofSeconds(1), false, false);
        String j = TrafficReport.json(o, TrafficMath.result(1000, false, false, 1_460_000, 730_000));
        assertTrue(j.contains("\"host\": \"h\\\"x\""), j);
        assertTrue(j.contains("\"download\": {\"streamBytes\": 1460000, \"bytes\": 1514000, \"bps\": 12112000, "
                + "\"bpsRaw\": 11680000, \"bpsEthernet\": 12112000}"), j);
        assertTrue(j.contains("\"type\": \"full\""), j);
    }
}
