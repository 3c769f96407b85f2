package org.ethervpn.shell.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ethervpn shell}: runs Gogo commands in the running server over its loopback shell channel.
 * <ul>
 * <li>{@code -c COMMAND}: one command; exit status 0 when it succeeded, 1 when it failed</li>
 * <li>{@code SCRIPT} (or {@code -} for stdin): one command per line ({@code #} comments; a line with
 * an open brace continues); stops at the first failure, exit status 1</li>
 * <li>nothing, on a terminal: interactive; {@code exit} or end of input leaves</li>
 * </ul>
 * Exit status 2: usage error or no server.
 */
public final class ShellClient {
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path data = Path.of("data");
        String command = null;
        String script = null;
        boolean stop = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> {
                    if (++i == args.length) {
                        return usage(err);
                    }
                    data = Path.of(args[i]);
                }
                case "-c" -> {
                    if (++i == args.length) {
                        return usage(err);
                    }
                    command = args[i];
                }
                case "--stop-server" -> stop = true;
                default -> {
                    if (script != null || (args[i].startsWith("-") && !args[i].equals("-"))) {
                        return usage(err);
                    }
                    script = args[i];
                }
            }
        }
        if (command != null && script != null) {
            return usage(err);
        }
        try (Channel ch = Channel.open(data)) {
            if (stop) {
                return ch.stopServer() ? 0 : 1;
            }
            if (command != null) {
                return ch.execute(command, out, err) ? 0 : 1;
            }
            Console console = System.console();
            if (script == null && console != null) {
                return interactive(ch, console, out, err);
            }
            List<String> lines = script == null || script.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(Path.of(script), StandardCharsets.UTF_8);
            return runScript(ch, script == null ? "-" : script, lines, out, err);
        } catch (NoSuchFileException e) {
            err.println("ethervpn shell: no server is running on " + data.toAbsolutePath().normalize()
                    + " (missing " + e.getFile() + "); start one with: ethervpn server --data " + data);
            return 2;
        } catch (IOException e) {
            err.println("ethervpn shell: " + e.getMessage());
            return 2;
        }
    }

    private static int interactive(Channel ch, Console console, PrintStream out, PrintStream err) throws IOException {
        out.println("EtherVPN shell: vpn: commands run in the server (try vpn:plugins, help); exit to leave.");
        StringBuilder pending = new StringBuilder();
        String line;
        while ((line = console.readLine(pending.isEmpty() ? "ethervpn> " : "...> ")) != null) {
            if (pending.isEmpty() && (line.strip().equals("exit") || line.strip().equals("quit"))) {
                break;
            }
            pending.append(line).append('\n');
            if (Statements.complete(pending)) {
                String cmd = pending.toString().strip();
                pending.setLength(0);
                if (!cmd.isEmpty()) {
                    ch.execute(withPassword(cmd, console, err), out, err);
                }
            }
        }
        return 0;
    }

    /**
     * Interactive {@code vpn:connect} without {@code --password} (and no ETHERVPN_PASSWORD): asks for
     * it without echo and passes it on in Gogo single quotes over the token-protected channel.
     */
    static String withPassword(String cmd, Console console, PrintStream err) {
        if (!cmd.matches("(?s)vpn:connect(\\s.*)?") || cmd.matches("(?s).*\\s(-p|--password)(\\s|=).*")
                || System.getenv("ETHERVPN_PASSWORD") != null) {
            return cmd;
        }
        char[] pw = console.readPassword("Password: ");
        if (pw == null) {
            return cmd;
        }
        String p = new String(pw);
        java.util.Arrays.fill(pw, ' ');
        if (p.indexOf('\'') >= 0) {
            err.println("a password with ' cannot be typed here: use vpn:connect --password \"...\" or ETHERVPN_PASSWORD");
            return cmd;
        }
        return "vpn:connect --password '" + p + "'" + cmd.substring("vpn:connect".length());
    }

    static int runScript(Channel ch, String name, List<String> lines, PrintStream out, PrintStream err)
            throws IOException {
        List<Statements.Statement> statements = new ArrayList<>(Statements.split(lines));
        for (Statements.Statement s : statements) {
            if (!ch.execute(s.text(), out, err)) {
                err.println(name + ":" + s.line() + ": stopped at the failed command");
                return 1;
            }
        }
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println("usage: ethervpn shell [--data DIR] [-c COMMAND | SCRIPT | -]");
        return 2;
    }
}
