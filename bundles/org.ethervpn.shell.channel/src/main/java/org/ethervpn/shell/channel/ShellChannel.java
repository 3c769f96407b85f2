package org.ethervpn.shell.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;

import org.apache.felix.service.command.CommandProcessor;
import org.ethervpn.config.DataDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Lets {@code ethervpn shell} run Gogo commands in the running server: a loopback-only TCP port
 * whose number and secret token are written to {@code <data>/run/shell} (owner-only). Whoever can
 * read that file administers the server, exactly like whoever can read the data directory.
 * One virtual thread per connection (never per command or frame), a bounded number of them.
 */
@Component(configurationPid = ShellChannel.PID, immediate = true, service = {})
@Designate(ocd = ShellChannelConfig.class)
public final class ShellChannel {
    static final String PID = "org.ethervpn.shell.channel";

    private final Logger log;
    private final ServerSocket server;
    private final Path file;
    private final Thread acceptor;

    @Activate
    public ShellChannel(BundleContext ctx, ShellChannelConfig config, @Reference CommandProcessor processor,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.log = log;
        this.file = DataDirectory.of(ctx).resolve("run").resolve("shell").toAbsolutePath();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 50);
        publish(file, server.getLocalPort(), token);
        Semaphore slots = new Semaphore(config.maxSessions());
        ShellConnection.Stopper stopper = () -> {
            log.info("stop requested through the shell channel");
            Thread.ofPlatform().name("ethervpn-stop").start(() -> {
                try {
                    ctx.getBundle(0).stop();
                } catch (Exception e) {
                    log.error("cannot stop the framework: {}", e.getMessage());
                }
            });
        };
        this.acceptor = Thread.ofPlatform().name("ethervpn-shell-channel").daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    if (!slots.tryAcquire()) {
                        log.warn("shell channel: too many sessions, refusing one");
                        s.close();
                        continue;
                    }
                    Thread.ofVirtual().name("ethervpn-shell").start(() -> {
                        try {
                            new ShellConnection(s, token, processor, stopper, log).run();
                        } finally {
                            slots.release();
                        }
                    });
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        log.warn("shell channel accept failed: {}", e.getMessage());
                    }
                }
            }
        });
        log.info("shell channel on 127.0.0.1:{} ({})", server.getLocalPort(), file);
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        Files.deleteIfExists(file);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes "port=...\ntoken=...\n" atomically, readable by the owner only. */
    static void publish(Path file, int port, String token) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, "port=" + port + "\ntoken=" + token + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
