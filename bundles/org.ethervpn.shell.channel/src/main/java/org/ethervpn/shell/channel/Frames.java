package org.ethervpn.shell.channel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell channel's framing: {@code type (1 byte), length (u32), payload}. Shared in spirit with
 * the client in product/shell-client, which has its own copy of these few constants: that jar runs
 * outside OSGi and must not depend on a bundle.
 * <pre>
 * client -> server: 'A' token, 'D' working directory, 'C' command, 'Q' stop the server
 * server -> client: 'K' authenticated, 'O' stdout bytes, 'W' stderr bytes, 'E' error message,
 *                   'R' command done (payload: 1 byte, 0 = success)
 * </pre>
 */
final class Frames {
    static final int MAX_INBOUND = 1 << 20;

    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private Frames() {
    }

    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        int len = in.readInt();
        if (len < 0 || len > MAX_INBOUND) {
            throw new IOException("frame of " + Integer.toUnsignedString(len) + " bytes exceeds the limit");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new Frame((byte) type, b);
    }

    static void write(DataOutputStream out, char type, byte[] payload, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(len);
            out.write(payload, off, len);
            out.flush();
        }
    }

    static void write(DataOutputStream out, char type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(out, type, b, 0, b.length);
    }
}
