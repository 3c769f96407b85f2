package org.ethervpn.console.views;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.ethervpn.console.api.ViewContext;
import org.ethervpn.console.api.ViewPart;

/**
 * A live throughput chart drawn with SWT's GC: bytes per second in and out over the last 10
 * minutes, and the session count, from a counter sample polled every 2 s off the UI thread (while
 * the view exists; the first poll starts when its tab is first shown).
 */
final class Throughput {
    /** One poll: cumulative byte counters and the current session count. */
    record Sample(long bytesIn, long bytesOut, int sessions) {
    }

    private record Point3(long t, double in, double out, int sessions) {
    }

    static final int PERIOD_MS = 2000;
    private static final long WINDOW_MS = 10 * 60 * 1000;

    private Throughput() {
    }

    static ViewPart create(Composite parent, ViewContext ctx, String title, Callable<Sample> poll) {
        Group box = DashboardView.group(parent, title);
        Label now = new Label(box, SWT.NONE);
        now.setData("name", "throughput.now");
        now.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Canvas canvas = new Canvas(box, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.setData("name", "throughput.chart");
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Deque<Point3> points = new ArrayDeque<>();
        Sample[] last = {null};
        long[] lastT = {0};
        boolean[] polling = {false};
        canvas.addListener(SWT.Paint, e -> paint(e.gc, canvas.getClientArea(), points));
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (canvas.isDisposed()) {
                return;
            }
            ctx.ui().background(poll, s -> {
                if (canvas.isDisposed()) {
                    return;
                }
                long t = System.currentTimeMillis();
                if (last[0] != null && t > lastT[0]) {
                    double secs = (t - lastT[0]) / 1000.0;
                    double in = Math.max(0, s.bytesIn() - last[0].bytesIn()) / secs;
                    double out = Math.max(0, s.bytesOut() - last[0].bytesOut()) / secs;
                    points.addLast(new Point3(t, in, out, s.sessions()));
                    while (!points.isEmpty() && points.peekFirst().t() < t - WINDOW_MS) {
                        points.removeFirst();
                    }
                    now.setText("in " + Ui.bytes((long) in) + "/s, out " + Ui.bytes((long) out) + "/s, "
                            + s.sessions() + " session(s); " + points.size() + " samples");
                    canvas.redraw();
                } else {
                    now.setText(s.sessions() + " session(s); measuring…");
                }
                last[0] = s;
                lastT[0] = t;
                canvas.getDisplay().timerExec(PERIOD_MS, tick[0]);
            }, err -> {
                if (!canvas.isDisposed()) {
                    now.setText("cannot read the counters: " + Ui.message(err));
                    canvas.getDisplay().timerExec(PERIOD_MS * 5, tick[0]);
                }
            });
        };
        return () -> {
            if (!polling[0]) {
                polling[0] = true;
                tick[0].run();
            }
        };
    }

    private static void paint(GC gc, Rectangle area, Deque<Point3> points) {
        var d = gc.getDevice();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        int left = 70;
        int bottom = 20;
        int w = Math.max(1, area.width - left - 10);
        int h = Math.max(1, area.height - bottom - 10);
        double max = 1024;
        int maxSessions = 1;
        for (Point3 p : points) {
            max = Math.max(max, Math.max(p.in(), p.out()));
            maxSessions = Math.max(maxSessions, p.sessions());
        }
        max *= 1.1;
        gc.setForeground(d.getSystemColor(SWT.COLOR_GRAY));
        for (int i = 0; i <= 4; i++) {
            int y = 10 + h - h * i / 4;
            gc.drawLine(left, y, left + w, y);
            gc.drawText(Ui.bytes((long) (max * i / 4)) + "/s", 4, y - 8, true);
        }
        gc.drawText("last 10 minutes", left + w - 100, 10 + h + 3, true);
        if (points.size() < 2) {
            gc.drawText("the chart fills as samples arrive (every " + PERIOD_MS / 1000 + " s)", left + 10, 20, true);
            return;
        }
        long end = points.peekLast().t();
        drawLine(gc, d.getSystemColor(SWT.COLOR_DARK_GREEN), points, end, left, w, h, max, Point3::in);
        drawLine(gc, d.getSystemColor(SWT.COLOR_BLUE), points, end, left, w, h, max, Point3::out);
        int ms = maxSessions;
        drawLine(gc, d.getSystemColor(SWT.COLOR_DARK_MAGENTA), points, end, left, w, h, ms * 1.1, p -> (double) p.sessions());
        Point legend = new Point(left + 10, 14);
        legend(gc, d.getSystemColor(SWT.COLOR_DARK_GREEN), "in", legend, 0);
        legend(gc, d.getSystemColor(SWT.COLOR_BLUE), "out", legend, 60);
        legend(gc, d.getSystemColor(SWT.COLOR_DARK_MAGENTA), "sessions (max " + maxSessions + ")", legend, 130);
    }

    private static void drawLine(GC gc, Color c, Deque<Point3> points, long end, int left, int w, int h, double max,
            ToDoubleFunction<Point3> value) {
        gc.setForeground(c);
        gc.setLineWidth(2);
        int[] xy = new int[points.size() * 2];
        int i = 0;
        for (Point3 p : points) {
            xy[i++] = left + (int) (w - (end - p.t()) * (double) w / WINDOW_MS);
            xy[i++] = 10 + h - (int) Math.min(h, value.applyAsDouble(p) * h / max);
        }
        gc.drawPolyline(xy);
        gc.setLineWidth(1);
    }

    private static void legend(GC gc, Color c, String text, Point at, int dx) {
        gc.setForeground(c);
        gc.setLineWidth(3);
        gc.drawLine(at.x + dx, at.y + 8, at.x + dx + 14, at.y + 8);
        gc.setLineWidth(1);
        gc.drawText(text, at.x + dx + 18, at.y, true);
    }
}
