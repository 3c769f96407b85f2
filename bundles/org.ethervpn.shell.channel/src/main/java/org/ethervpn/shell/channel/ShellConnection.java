package org.ethervpn.shell.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.log.Logger;

/**
 * One shell connection: authenticate, then run each command in one Gogo session (so variables
 * persist across lines) and report output, errors and a status per command. Command text is never
 * logged: it can carry passwords.
 */
final class ShellConnection {
    interface Stopper {
        void stop();
    }

    private static final int AUTH_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final byte[] token;
    private final CommandProcessor processor;
    private final Stopper stopper;
    private final Logger log;

    ShellConnection(Socket socket, String token, CommandProcessor processor, Stopper stopper, Logger log) {
        this.socket = socket;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.processor = processor;
        this.stopper = stopper;
        this.log = log;
    }

    void run() {
        try (socket) {
            socket.setSoTimeout(AUTH_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Frames.Frame auth = Frames.read(in);
            if (auth.type() != 'A' || !MessageDigest.isEqual(auth.payload(), token)) {
                log.warn("shell channel: refused a connection with a wrong token");
                Frames.write(out, 'E', "authentication failed");
                return;
            }
            Frames.write(out, 'K', "");
            socket.setSoTimeout(0);
            PrintStream stdout = new PrintStream(new FrameStream(out, 'O'), true, StandardCharsets.UTF_8);
            PrintStream stderr = new PrintStream(new FrameStream(out, 'W'), true, StandardCharsets.UTF_8);
            CommandSession session = processor.createSession(InputStream.nullInputStream(), stdout, stderr);
            try {
                serve(in, out, session, stdout);
            } finally {
                session.close();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the client went away or never authenticated: nothing to report
        } catch (IOException e) {
            log.debug("shell connection ended: {}", e.getMessage());
        }
    }

    private void serve(DataInputStream in, DataOutputStream out, CommandSession session, PrintStream stdout)
            throws IOException {
        while (true) {
            Frames.Frame f = Frames.read(in);
            switch (f.type()) {
                case 'D' -> {
                    try {
                        session.currentDir(Path.of(f.text()));
                    } catch (InvalidPathException e) {
                        Frames.write(out, 'E', "bad working directory: " + e.getMessage());
                    }
                }
                case 'C' -> {
                    boolean ok = execute(session, f.text(), stdout, out);
                    stdout.flush();
                    Frames.write(out, 'R', new byte[] {(byte) (ok ? 0 : 1)}, 0, 1);
                }
                case 'Q' -> {
                    Frames.write(out, 'R', new byte[] {0}, 0, 1);
                    stopper.stop();
                    return;
                }
                default -> {
                    Frames.write(out, 'E', "unknown request type " + (char) f.type());
                    return;
                }
            }
        }
    }

    private static boolean execute(CommandSession session, String command, PrintStream stdout, DataOutputStream out)
            throws IOException {
        try {
            Object result = session.execute(command);
            if (result != null) {
                stdout.println(session.format(result, Converter.INSPECT));
            }
            return true;
        } catch (Exception e) {
            Frames.write(out, 'E', message(e));
            return false;
        }
    }

    /** A message for a person: the root cause's own words, not a stack trace. */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof InvocationTargetException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t.getClass().getSimpleName().equals("CommandNotFoundException")) {
            return "unknown command: " + t.getMessage().replaceFirst("^Command not found: ", "");
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** An OutputStream that sends what is written as frames of one type. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final char type;

        FrameStream(DataOutputStream out, char type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                Frames.write(out, type, b, off, len);
            }
        }
    }
}
