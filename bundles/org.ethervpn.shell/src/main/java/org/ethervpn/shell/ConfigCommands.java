package org.ethervpn.shell;

import static org.ethervpn.shell.ServerCommands.call;
import static org.ethervpn.shell.ServerCommands.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.ethervpn.api.admin.TcpConnectionInfo;
import org.ethervpn.api.admin.VpnServerAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The server's configuration as a whole (vpncmd's ConfigGet / ConfigSet) and its TCP connections
 * outside sessions (ConnectionList / ConnectionGet / ConnectionDisconnect), over {@link VpnServerAdmin}.
 * Files are read and written by the process running the shell's commands.
 */
@Component(service = ConfigCommands.class)
@GogoCommand(scope = "vpn", function = {
    "configget", "configset", "connectionlist", "connectionget", "connectiondisconnect"})
public final class ConfigCommands {
    private final VpnServerAdmin admin;

    @Activate
    public ConfigCommands(@Reference VpnServerAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("print the server's configuration (server.json as it would be saved now)")
    public String configget() {
        return new String(call(admin::configGet), StandardCharsets.UTF_8);
    }

    @Descriptor("save the server's configuration to a file (written whole, then renamed into place)")
    public String configget(@Descriptor("file") String file) throws IOException {
        byte[] text = call(admin::configGet);
        Path p = Path.of(file).toAbsolutePath();
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.write(tmp, text);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return "configuration saved to " + p + " (" + text.length + " bytes)";
    }

    @Descriptor("replace the whole configuration with a file (our server.json or a SoftEther vpn_server.config);"
            + " every VPN session ends")
    public String configset(@Descriptor("file") String file) {
        byte[] text = ServerCommands.readConfigFile(file);
        return String.join("\n", call(() -> admin.configSet(text)));
    }

    @Descriptor("list TCP connections that are not part of a VPN session (handshakes, admin connections)")
    public List<TcpConnectionInfo> connectionlist() {
        return call(admin::connectionList);
    }

    @Descriptor("show one TCP connection outside VPN sessions")
    public TcpConnectionInfo connectionget(@Descriptor("connection name (CID-n)") String name) {
        return call(() -> admin.connectionGet(name));
    }

    @Descriptor("close one TCP connection outside VPN sessions")
    public String connectiondisconnect(@Descriptor("connection name (CID-n)") String name) {
        return run(() -> admin.connectionDisconnect(name), "connection " + name + " closed");
    }
}
