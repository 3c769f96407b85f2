package org.ethervpn.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.ethervpn.config.DataDirectory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Writes the OSGi log (our bundles, SCR, FileInstall, ...) to {@code <data>/logs/ethervpn.log}
 * and, when the server runs in the foreground, to the console too.
 */
@Component(configurationPid = LogFileWriter.PID, immediate = true, service = {})
@Designate(ocd = LogFileConfig.class)
public final class LogFileWriter implements LogListener {
    static final String PID = "org.ethervpn.logging";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final LogReaderService reader;
    private final RotatingLog file;
    private final LogLevel level;
    private final boolean console;

    @Activate
    public LogFileWriter(BundleContext ctx, LogFileConfig config, @Reference LogReaderService reader,
            @Reference LoggerAdmin admin) {
        this.file = new RotatingLog(DataDirectory.of(ctx).resolve("logs").resolve("ethervpn.log"),
                (long) config.maxFileMiB() << 20, config.keep());
        this.level = LogLevel.valueOf(config.level().toUpperCase(Locale.ROOT));
        this.console = Boolean.parseBoolean(ctx.getProperty("ethervpn.log.console"));
        this.reader = reader;
        // OSGi Loggers drop everything below WARN unless told otherwise: apply our level at the source
        admin.getLoggerContext(null).setLogLevels(Map.of(Logger.ROOT_LOGGER_NAME, level));
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
        file.close();
    }

    @Override
    public void logged(LogEntry e) {
        if (!level.implies(e.getLogLevel())
                || (e.getLoggerName().startsWith("Events.") && !LogLevel.WARN.implies(e.getLogLevel()))) {
            return; // framework events (bundle/service registered...) only when something went wrong
        }
        String line = format(e);
        file.append(line);
        if (console) {
            System.out.print(line);
        }
    }

    static String format(LogEntry e) {
        Bundle b = e.getBundle();
        StringBuilder sb = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(e.getTime()))).append(' ')
                .append(String.format("%-5s", e.getLogLevel())).append(' ')
                .append('[').append(b == null ? "?" : b.getSymbolicName()).append("] ")
                .append(e.getMessage()).append('\n');
        if (e.getException() != null) {
            StringWriter sw = new StringWriter();
            e.getException().printStackTrace(new PrintWriter(sw));
            sb.append(sw);
        }
        return sb.toString();
    }
}
