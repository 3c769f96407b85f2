package org.ethervpn.console.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.ethervpn.console.api.ConsoleView;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;
import org.ethervpn.console.api.ViewScope;
import org.ethervpn.traffic.TrafficListener;
import org.ethervpn.traffic.TrafficOptions;
import org.ethervpn.traffic.TrafficResult;
import org.ethervpn.traffic.TrafficSample;
import org.ethervpn.traffic.TrafficTest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SoftEther's TrafficClient in the console: measures from this computer to a traffic-test server
 * (ours, {@code ethervpn traffic server}, or SoftEther's TrafficServer), with a live chart of the
 * download and upload rates, one point a second, then the result.
 */
@Component(service = ConsoleView.class)
public final class TrafficView extends BaseView {
    private static final Pattern HOST = Pattern.compile("\\(([^()]+):\\d+\\)$");
    private final TrafficTest traffic;

    @Activate
    public TrafficView(@Reference TrafficTest traffic) {
        super("org.ethervpn.console.traffic", "Traffic test", ViewScope.SERVER, 95);
        this.traffic = traffic;
    }

    /** Mbit/s per direction for one second of the run. */
    private record Rate(double seconds, double down, double up) {
    }

    @Override
    public ViewPart create(Composite parent, ViewContext ctx) {
        Group box = DashboardView.group(parent, "Throughput from this computer to a traffic-test server (SoftEther's TrafficClient)");
        Composite form = new Composite(box, SWT.NONE);
        form.setLayout(new GridLayout(4, false)); // three short rows, so that the tab fits a narrow window
        new Label(form, SWT.NONE).setText("Server:");
        Text host = new Text(form, SWT.BORDER);
        host.setData("name", "traffic.host");
        host.setLayoutData(new GridData(180, SWT.DEFAULT));
        Matcher m = HOST.matcher(ctx.server());
        host.setText(m.find() ? m.group(1) : "");
        new Label(form, SWT.NONE).setText("Direction:");
        Combo type = new Combo(form, SWT.READ_ONLY);
        type.setData("name", "traffic.type");
        type.setItems("full", "download", "upload");
        type.select(0);
        Spinner connections = spinner(form, "Connections:", "traffic.connections", 1, TrafficOptions.MAX_CONNECTIONS, 8);
        Spinner seconds = spinner(form, "Seconds:", "traffic.seconds", 1, 3600, 15);
        Button raw = new Button(form, SWT.CHECK);
        raw.setText("No Ethernet-frame correction (TCP payload only)");
        raw.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 3, 1));
        Button start = new Button(form, SWT.PUSH);
        start.setText("Start");
        Label now = new Label(box, SWT.NONE);
        now.setData("name", "traffic.now");
        now.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        now.setText("Start a server with 'ethervpn traffic server' (or vpncmd's TrafficServer) on the other end, port 9821 unless given.");
        List<Rate> rates = new ArrayList<>();
        double[] span = {15};
        Canvas chart = new Canvas(box, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        chart.setData("name", "traffic.chart");
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        chart.addListener(SWT.Paint, e -> paint(e.gc, chart.getClientArea(), rates, span[0]));
        Text result = new Text(box, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER);
        result.setData("name", "traffic.result");
        result.setFont(box.getDisplay().getSystemFont());
        result.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        @SuppressWarnings("unchecked")
        CompletableFuture<TrafficResult>[] running = new CompletableFuture[1];
        start.addListener(SWT.Selection, e -> {
            if (running[0] != null) {
                running[0].cancel(false);
                return;
            }
            TrafficOptions o;
            try {
                o = TrafficOptions.parse(host.getText(), type.getText(), connections.getSelection(), seconds.getSelection(),
                        raw.getSelection(), false);
            } catch (IllegalArgumentException ex) {
                ctx.error(ex.getMessage());
                return;
            }
            rates.clear();
            span[0] = o.span().toMillis() / 1000.0;
            result.setText("");
            now.setText("Connecting " + o.connections() + " TCP connections to " + o.host() + " port " + o.port() + "…");
            start.setText("Stop");
            chart.redraw();
            TrafficSample[] last = {new TrafficSample(0, 0, 0)};
            running[0] = traffic.measure(o, new TrafficListener() {
                @Override
                public void progress(TrafficSample s) {
                    ctx.ui().async(() -> {
                        if (chart.isDisposed()) {
                            return;
                        }
                        double dt = Math.max(1, s.elapsedMillis() - last[0].elapsedMillis()) / 1000.0;
                        Rate r = new Rate(s.elapsedMillis() / 1000.0, (s.downloadBytes() - last[0].downloadBytes()) * 8 / dt / 1e6,
                                (s.uploadBytes() - last[0].uploadBytes()) * 8 / dt / 1e6);
                        last[0] = s;
                        rates.add(r);
                        now.setText(String.format(Locale.ROOT, "%.0f s: download %.1f Mbit/s, upload %.1f Mbit/s (sent); %d samples",
                                r.seconds(), r.down(), r.up(), rates.size()));
                        chart.redraw();
                    });
                }
            });
            running[0].whenComplete((r, err) -> ctx.ui().async(() -> {
                running[0] = null;
                if (box.isDisposed()) {
                    return;
                }
                start.setText("Start");
                if (err != null) {
                    now.setText("The measurement failed.");
                    ctx.error("traffic test: " + Ui.message(err));
                } else {
                    now.setText(String.format(Locale.ROOT, "Done: download %.1f Mbit/s, upload %.1f Mbit/s; %d samples",
                            r.downloadBps() / 1e6, r.uploadBps() / 1e6, rates.size()));
                    result.setText(summary(r));
                    box.layout(true, true);
                }
            }));
        });
        return new ViewPart() {
            @Override
            public void refresh() {
            }

            @Override
            public void dispose() {
                if (running[0] != null) {
                    running[0].cancel(false);
                }
            }
        };
    }

    private static Spinner spinner(Composite form, String label, String name, int min, int max, int value) {
        new Label(form, SWT.NONE).setText(label);
        Spinner s = new Spinner(form, SWT.BORDER);
        s.setData("name", name);
        s.setValues(value, min, max, 0, 1, 10);
        return s;
    }

    static String summary(TrafficResult r) {
        return String.format(Locale.ROOT, """
                Measured for %.3f s; Ethernet-frame correction: %s
                Download: %,d bytes, %,d bit/s
                Upload:   %,d bytes, %,d bit/s
                Total:    %,d bytes, %,d bit/s""", r.spanMillis() / 1000.0, r.raw() ? "no" : "yes",
                r.downloadBytes(), r.downloadBps(), r.uploadBytes(), r.uploadBps(), r.totalBytes(), r.totalBps());
    }

    private static void paint(GC gc, Rectangle area, List<Rate> rates, double span) {
        var d = gc.getDevice();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        int left = 90;
        int bottom = 20;
        int w = Math.max(1, area.width - left - 10);
        int h = Math.max(1, area.height - bottom - 10);
        double max = 1;
        for (Rate r : rates) {
            max = Math.max(max, Math.max(r.down(), r.up()));
        }
        max *= 1.1;
        gc.setForeground(d.getSystemColor(SWT.COLOR_GRAY));
        for (int i = 0; i <= 4; i++) {
            int y = 10 + h - h * i / 4;
            gc.drawLine(left, y, left + w, y);
            gc.drawText(String.format(Locale.ROOT, "%.1f Mbit/s", max * i / 4), 4, y - 8, true);
        }
        gc.drawText(String.format(Locale.ROOT, "0 .. %.0f s", span), left + w - 80, 10 + h + 3, true);
        double xmax = Math.max(span, rates.isEmpty() ? 1 : rates.get(rates.size() - 1).seconds());
        line(gc, d.getSystemColor(SWT.COLOR_DARK_GREEN), rates, true, left, w, h, max, xmax);
        line(gc, d.getSystemColor(SWT.COLOR_BLUE), rates, false, left, w, h, max, xmax);
        gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GREEN));
        gc.drawText("download", left + 10, 14, true);
        gc.setForeground(d.getSystemColor(SWT.COLOR_BLUE));
        gc.drawText("upload (sent)", left + 90, 14, true);
    }

    private static void line(GC gc, Color c, List<Rate> rates, boolean down, int left, int w, int h, double max, double xmax) {
        if (rates.isEmpty()) {
            return;
        }
        gc.setForeground(c);
        gc.setLineWidth(2);
        int[] xy = new int[(rates.size() + 1) * 2];
        xy[0] = left;
        xy[1] = 10 + h;
        int i = 2;
        for (Rate r : rates) {
            xy[i++] = left + (int) (r.seconds() * w / xmax);
            xy[i++] = 10 + h - (int) Math.min(h, (down ? r.down() : r.up()) * h / max);
        }
        gc.drawPolyline(xy);
        gc.setLineWidth(1);
    }
}
