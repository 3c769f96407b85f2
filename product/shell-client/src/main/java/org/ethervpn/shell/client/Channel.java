package org.ethervpn.shell.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The client side of the server's shell channel (see org.ethervpn.shell.channel.Frames for the
 * framing: type byte, u32 length, payload).
 */
final class Channel implements AutoCloseable {
    private static final int MAX_FRAME = 64 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private Channel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects with the port and token the server wrote to {@code <data>/run/shell}. */
    static Channel open(Path data) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(data.resolve("run").resolve("shell"), StandardCharsets.US_ASCII)) {
            p.load(r);
        }
        int port;
        try {
            port = Integer.parseInt(p.getProperty("port", ""));
        } catch (NumberFormatException e) {
            throw new IOException(data.resolve("run/shell") + " is damaged (no port)");
        }
        Socket s;
        try {
            s = new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            throw new IOException("the server of " + data.toAbsolutePath().normalize()
                    + " does not answer on its shell port " + port + " (" + e.getMessage() + ")");
        }
        Channel c = new Channel(s);
        c.send('A', p.getProperty("token", ""));
        int type = c.in.read();
        byte[] payload = c.payload();
        if (type != 'K') {
            c.close();
            throw new IOException("the server refused the shell: "
                    + new String(payload, StandardCharsets.UTF_8));
        }
        c.send('D', Path.of("").toAbsolutePath().toString());
        return c;
    }

    /** Runs one command, copying its output; true when it succeeded. */
    boolean execute(String command, PrintStream stdout, PrintStream stderr) throws IOException {
        send('C', command);
        return awaitResult(stdout, stderr);
    }

    boolean stopServer() throws IOException {
        send('Q', "");
        return awaitResult(System.out, System.err);
    }

    private boolean awaitResult(PrintStream stdout, PrintStream stderr) throws IOException {
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new IOException("the server closed the shell connection");
            }
            byte[] b = payload();
            switch (type) {
                case 'O' -> stdout.write(b, 0, b.length);
                case 'W' -> stderr.write(b, 0, b.length);
                case 'E' -> stderr.println("error: " + new String(b, StandardCharsets.UTF_8));
                case 'R' -> {
                    stdout.flush();
                    return b.length == 1 && b[0] == 0;
                }
                default -> throw new IOException("unexpected frame '" + (char) type + "' from the server");
            }
        }
    }

    private byte[] payload() throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("oversized frame from the server");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    private void send(char type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte(type);
        out.writeInt(b.length);
        out.write(b);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
