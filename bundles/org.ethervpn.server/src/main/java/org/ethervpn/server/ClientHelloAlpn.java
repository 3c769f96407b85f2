package org.ethervpn.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * The ALPN protocol names (RFC 7301) of a TLS ClientHello body (RFC 8446 §4.1.2, from its version
 * field on). Pure and lenient: anything malformed or cut short yields what was read so far, since
 * the TLS engine, not this, judges the hello.
 */
final class ClientHelloAlpn {
    private static final int ALPN = 16;
    private static final int MAX_NAMES = 16;

    private ClientHelloAlpn() {
    }

    /** The offered names, in order; empty without the extension. Does not move {@code hello}'s indexes. */
    static List<String> of(ByteBuf hello) {
        List<String> names = new ArrayList<>();
        if (hello == null) {
            return names;
        }
        int i = hello.readerIndex();
        int end = hello.writerIndex();
        i += 2 + 32; // version, random
        i = skip8(hello, i, end); // session id
        i = skip16(hello, i, end); // cipher suites
        i = skip8(hello, i, end); // compression methods
        if (i < 0 || i + 2 > end) {
            return names;
        }
        int extEnd = Math.min(end, i + 2 + hello.getUnsignedShort(i));
        i += 2;
        while (i + 4 <= extEnd) {
            int type = hello.getUnsignedShort(i);
            int len = hello.getUnsignedShort(i + 2);
            int body = i + 4;
            if (body + len > extEnd) {
                break;
            }
            if (type == ALPN && len >= 2) {
                int listEnd = Math.min(body + len, body + 2 + hello.getUnsignedShort(body));
                for (int j = body + 2; j < listEnd && names.size() < MAX_NAMES; ) {
                    int n = hello.getUnsignedByte(j);
                    if (n == 0 || j + 1 + n > listEnd) {
                        break;
                    }
                    names.add(hello.toString(j + 1, n, StandardCharsets.US_ASCII));
                    j += 1 + n;
                }
                return names;
            }
            i = body + len;
        }
        return names;
    }

    private static int skip8(ByteBuf b, int i, int end) {
        return i < 0 || i + 1 > end ? -1 : i + 1 + b.getUnsignedByte(i);
    }

    private static int skip16(ByteBuf b, int i, int end) {
        return i < 0 || i + 2 > end ? -1 : i + 2 + b.getUnsignedShort(i);
    }
}
