package org.ethervpn.admin.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.ethervpn.api.plugin.PluginAdmin;
import org.ethervpn.config.DataDirectory;
import org.ethervpn.protocol.Sha0;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * {@code vpn:connect} / {@code vpn:disconnect} / {@code vpn:connection}: while connected, the remote
 * server's {@link VpnServerAdmin} and {@link PluginAdmin} are OSGi services, so the ordinary
 * {@code vpn:} commands manage it; connecting elsewhere replaces them. On activation it connects to
 * what {@code <data>/run/connect} names (written mode 600 by {@code ethervpn shell --server}, read and
 * removed at once) and reports the outcome in {@code <data>/run/admin-connect}. Only SHA-0 of the
 * password is kept; it is never logged or written.
 */
@Component(service = RemoteServers.class, immediate = true)
@GogoCommand(scope = "vpn", function = {"connect", "disconnect", "connection"})
public final class RemoteServers {
    static final String PASSWORD_ENV = "ETHERVPN_PASSWORD";
    private final BundleContext ctx;
    private final Logger log;
    private Session session;
    private ServiceRegistration<?> adminReg;
    private ServiceRegistration<?> pluginReg;

    /** What is connected now, for people. */
    public record Connection(String server, String login, String tls, String fingerprint) {
    }

    @Activate
    public RemoteServers(BundleContext ctx, @Reference(service = LoggerFactory.class) Logger log) {
        this.ctx = ctx;
        this.log = log;
        String data = ctx.getProperty(DataDirectory.PROPERTY);
        if (data != null) {
            Thread.ofVirtual().name("ethervpn-admin-connect").start(() -> connectAtStart(Path.of(data, "run")));
        }
    }

    /** The launcher's {@code --server}: run/connect holds server=, hub= and password= lines. */
    private void connectAtStart(Path run) {
        Path file = run.resolve("connect");
        if (!Files.exists(file)) {
            return;
        }
        String server = "";
        String hub = "";
        byte[] hash = null;
        String outcome;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Files.delete(file);
            for (String line : lines) {
                if (line.startsWith("server=")) {
                    server = line.substring(7).trim();
                } else if (line.startsWith("hub=")) {
                    hub = line.substring(4).trim();
                } else if (line.startsWith("password=")) {
                    byte[] pw = line.substring(9).getBytes(StandardCharsets.UTF_8);
                    hash = Sha0.hash(pw);
                    Arrays.fill(pw, (byte) 0);
                }
            }
            Connection c = open(server, hub.isEmpty() ? null : hub, hash == null ? Sha0.hash(new byte[0]) : hash);
            outcome = "ok " + c.server() + " " + c.fingerprint();
        } catch (AdminLoginException | IllegalArgumentException e) {
            outcome = "error: " + e.getMessage();
        } catch (IOException e) {
            outcome = "error: cannot read " + file + ": " + e.getMessage();
        } finally {
            if (hash != null) {
                Arrays.fill(hash, (byte) 0);
            }
        }
        try {
            Path tmp = run.resolve("admin-connect.tmp");
            Files.writeString(tmp, outcome + "\n");
            Files.move(tmp, run.resolve("admin-connect"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("cannot write {}: {}", run.resolve("admin-connect"), e.getMessage());
        }
    }

    @Descriptor("connect to a VPN server's admin RPC (SoftEther's or ours); the vpn: commands then manage it")
    public Connection connect(
            @Descriptor("log in as the administrator of this hub (default: server administrator)")
            @Parameter(names = {"-h", "--hub"}, absentValue = "") String hub,
            @Descriptor("password (default: environment ETHERVPN_PASSWORD, else empty)")
            @Parameter(names = {"-p", "--password"}, absentValue = "\u0000") String password,
            @Descriptor("server as HOST:PORT") String server) throws AdminLoginException {
        String pw = !password.equals("\u0000") ? password : System.getenv(PASSWORD_ENV) != null ? System.getenv(PASSWORD_ENV) : "";
        byte[] bytes = pw.getBytes(StandardCharsets.UTF_8);
        byte[] hash = Sha0.hash(bytes);
        Arrays.fill(bytes, (byte) 0);
        try {
            return open(server, hub.isEmpty() ? null : hub, hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    @Descriptor("close the connection to the remote server")
    public String disconnect() {
        String was;
        synchronized (this) {
            was = session == null ? null : session.connection().server();
            unregister();
        }
        return was == null ? "not connected" : "disconnected from " + was;
    }

    @Descriptor("show the server the vpn: commands manage now")
    public synchronized Connection connection() {
        if (session == null) {
            throw new IllegalStateException("not connected: use vpn:connect HOST:PORT");
        }
        return describe(session.connection());
    }

    private Connection open(String server, String hub, byte[] hash) throws AdminLoginException {
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || colon == server.length() - 1) {
            throw new IllegalArgumentException("the server must be HOST:PORT, not \"" + server + "\"");
        }
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the server must be HOST:PORT, not \"" + server + "\"");
        }
        String host = server.substring(0, colon).replaceAll("^\\[|\\]$", "");
        AdminConnection c = AdminConnection.open(host, port, hub, hash);
        synchronized (this) {
            unregister();
            session = new Session(host, port, hub, hash, c);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("ethervpn.remote.server", c.server());
            props.put("ethervpn.remote.hub", c.hub() == null ? "" : c.hub());
            adminReg = ctx.registerService(VpnServerAdmin.class, new RemoteAdmin(session), props);
            pluginReg = ctx.registerService(PluginAdmin.class, new RemotePluginAdmin(session), props);
        }
        awaitCommands();
        log.info("connected to {} as {} ({}; certificate SHA-256 {})", c.server(),
                c.hub() == null ? "server administrator" : "administrator of hub " + c.hub(), c.tls(), c.fingerprint());
        return describe(c);
    }

    /** The vpn: commands come back when DS has bound them to the new service; wait so the next line finds them. */
    private void awaitCommands() {
        long end = System.nanoTime() + 5_000_000_000L;
        try {
            while (System.nanoTime() < end
                    && ctx.getServiceReferences((String) null, "(&(osgi.command.scope=vpn)(osgi.command.function=hublist))") == null) {
                Thread.sleep(20);
            }
        } catch (InvalidSyntaxException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection describe(AdminConnection c) {
        String login = c.hub() == null ? "server administrator" : "administrator of hub " + c.hub();
        if (c.emptyPassword()) {
            login += " (the password is empty)";
        }
        return new Connection(c.server(), login, c.tls(), c.fingerprint());
    }

    private void unregister() {
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {adminReg, pluginReg}) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException ignored) {
                    // already gone with the bundle
                }
            }
        }
        adminReg = null;
        pluginReg = null;
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }
}
