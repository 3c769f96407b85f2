package org.ethervpn.shell;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The hyphenated command names, each a Gogo {@link Function} calling the same method as its twin. */
final class CommandAlias {
    private CommandAlias() {
    }

    static String arg(List<Object> args, int i, String usage) {
        if (args.size() != i + 1) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return String.valueOf(args.get(i));
    }

    @Component(service = Function.class)
    @GogoCommand(scope = "vpn", function = "plugin-install")
    public static final class PluginInstall implements Function {
        private final PluginCommands commands;

        @Activate
        public PluginInstall(@Reference PluginCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> args) throws Exception {
            return commands.pluginInstall(session, arg(args, 0, "vpn:plugin-install <jar path or URL>"));
        }
    }

    @Component(service = Function.class)
    @GogoCommand(scope = "vpn", function = "plugin-uninstall")
    public static final class PluginUninstall implements Function {
        private final PluginCommands commands;

        @Activate
        public PluginUninstall(@Reference PluginCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> args) throws Exception {
            return commands.pluginUninstall(arg(args, 0, "vpn:plugin-uninstall <bundle or plugin name>"));
        }
    }
}
