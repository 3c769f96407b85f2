package org.ethervpn.traffic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ethervpn.traffic.TrafficDirection;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;

/**
 * The text a measurement prints: the parameters before, a progress line per second, and the result
 * table in vpncmd's layout (item, full number, short number; the same rows, so scripts that read
 * vpncmd's output read ours), plus the same result as JSON.
 */
public final class TrafficReport {
    private TrafficReport() {
    }

    public static String directionName(TrafficDirection d) {
        return switch (d) {
            case DOWNLOAD -> "Download (Server to Client)";
            case UPLOAD -> "Upload (Client to Server)";
            case FULL -> "Full (Server < -- > Client)";
        };
    }

    /** The parameters of a measurement, before it starts. */
    public static String parameters(TrafficOptions o) {
        List<String[]> rows = List.of(
                new String[] {"Server", o.host() + " port " + o.port()},
                new String[] {"TCP connections", Integer.toString(o.connections())},
                new String[] {"Direction", directionName(o.direction())},
                new String[] {"Span", String.format(Locale.ROOT, "%.1f s", o.span().toMillis() / 1000.0)},
                new String[] {"Ethernet-frame correction", o.raw() ? "No" : "Yes"},
                new String[] {"Doubled (relay device in + out)", o.doubled() ? "Yes" : "No"});
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%-32s %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    /** One progress line: elapsed time and the rates since the start, without correction. */
    public static String progress(TrafficSample s, TrafficOptions o) {
        double sec = Math.max(s.elapsedMillis(), 1) / 1000.0;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5.1f s", sec));
        if (o.direction() != TrafficDirection.UPLOAD) {
            sb.append("  download ").append(short1000((long) (s.downloadBytes() * 8 / sec), "bps"));
        }
        if (o.direction() != TrafficDirection.DOWNLOAD) {
            sb.append("  upload (sent) ").append(short1000((long) (s.uploadBytes() * 8 / sec), "bps"));
        }
        return sb.toString();
    }

    /** vpncmd's result table, then the bit rates with the other correction setting. */
    public static String table(TrafficResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Time Span for Measurement", span(r.spanMillis()), ""});
        rows.add(new String[] {"Data Correction for Ethernet Frames", r.raw() ? "No" : "Yes", ""});
        rows.add(bytesRow("Communication Data Volume in Download Direction", r.downloadBytes()));
        rows.add(bytesRow("Communication Data Volume in Upload Direction", r.uploadBytes()));
        rows.add(bytesRow("Total Communication Data Volume", r.totalBytes()));
        rows.add(new String[] {"Relay Device Input Output Total Throughput Computation", r.doubled() ? "Yes" : "No", ""});
        rows.add(bpsRow("Average Throughput in Download Direction", r.downloadBps()));
        rows.add(bpsRow("Average Throughput in Upload Direction", r.uploadBps()));
        rows.add(bpsRow("Total Average Throughput", r.totalBps()));
        StringBuilder sb = new StringBuilder(render(new String[] {"Item Name", "Normal View", "Simplified View"}, rows));
        TrafficResult other = TrafficMath.result(r.spanMillis(), !r.raw(), r.doubled(), r.streamDownloadBytes(),
                r.streamUploadBytes());
        sb.append(String.format(Locale.ROOT, "%s the Ethernet-frame correction: download %s, upload %s, total %s%n",
                other.raw() ? "Without" : "With", short1000(other.downloadBps(), "bps"), short1000(other.uploadBps(), "bps"),
                short1000(other.totalBps(), "bps")));
        return sb.toString();
    }

    /** The result as one JSON object: the options, the stream bytes and the rates with and without correction. */
    public static String json(TrafficOptions o, TrafficResult r) {
        TrafficResult eth = TrafficMath.result(r.spanMillis(), false, r.doubled(), r.streamDownloadBytes(), r.streamUploadBytes());
        TrafficResult raw = TrafficMath.result(r.spanMillis(), true, r.doubled(), r.streamDownloadBytes(), r.streamUploadBytes());
        return String.format(Locale.ROOT, "{\"host\": \"%s\", \"port\": %d, \"connections\": %d, \"type\": \"%s\", "
                + "\"spanMillis\": %d, \"etherCorrection\": %b, \"doubled\": %b,%n"
                + " \"download\": {\"streamBytes\": %d, \"bytes\": %d, \"bps\": %d, \"bpsRaw\": %d, \"bpsEthernet\": %d},%n"
                + " \"upload\": {\"streamBytes\": %d, \"bytes\": %d, \"bps\": %d, \"bpsRaw\": %d, \"bpsEthernet\": %d},%n"
                + " \"total\": {\"bytes\": %d, \"bps\": %d, \"bpsRaw\": %d, \"bpsEthernet\": %d}}%n",
                jsonEscape(o.host()), o.port(), o.connections(), o.direction().name().toLowerCase(Locale.ROOT),
                r.spanMillis(), !r.raw(), r.doubled(),
                r.streamDownloadBytes(), r.downloadBytes(), r.downloadBps(), raw.downloadBps(), eth.downloadBps(),
                r.streamUploadBytes(), r.uploadBytes(), r.uploadBps(), raw.uploadBps(), eth.uploadBps(),
                r.totalBytes(), r.totalBps(), raw.totalBps(), eth.totalBps());
    }

    private static String[] bytesRow(String name, long v) {
        return new String[] {name, grouped(v) + " Bytes", short1000(v, "Bytes")};
    }

    private static String[] bpsRow(String name, long v) {
        return new String[] {name, grouped(v) + " bps", short1000(v, "bps")};
    }

    /** {@code 1,234,567}. */
    public static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static final long[] BASES = {1_000_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] PREFIXES = {"P", "T", "G", "M", "K"};

    /**
     * vpncmd's short form: two decimals of the largest decimal unit the value reaches within 10 %
     * ({@code 0.95 GBytes} for 950,000,000), else the plain number.
     */
    public static String short1000(long v, String unit) {
        for (int i = 0; i < BASES.length; i++) {
            if (v > Long.MAX_VALUE / 11 || v * 11 >= BASES[i] * 10) {
                return String.format(Locale.ROOT, "%.2f %s%s", (double) v / BASES[i], PREFIXES[i], unit);
            }
        }
        return v + " " + unit;
    }

    /** {@code HH:MM:SS.mmm}, with a day count in front from one day on. */
    public static String span(long ms) {
        String days = ms >= 86_400_000L ? (ms / 86_400_000L) + ":" : "";
        return String.format(Locale.ROOT, "%s%02d:%02d:%02d.%03d", days, ms % 86_400_000L / 3_600_000L,
                ms % 3_600_000L / 60_000L, ms % 60_000L / 1000L, ms % 1000L);
    }

    /** Columns as wide as their widest cell, the first left-aligned, the others right-aligned. */
    static String render(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w, '|', ' ');
        String[] dashes = new String[w.length];
        for (int i = 0; i < w.length; i++) {
            dashes[i] = "-".repeat(w[i]);
        }
        line(sb, dashes, w, '+', '-');
        for (String[] r : rows) {
            line(sb, r, w, '|', ' ');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w, char sep, char pad) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append(sep);
            }
            String fill = String.valueOf(pad).repeat(w[i] - cells[i].length());
            l.append(i == 0 ? cells[i] + fill : fill + cells[i]);
        }
        sb.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
