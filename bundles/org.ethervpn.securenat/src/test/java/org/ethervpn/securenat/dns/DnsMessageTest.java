package org.ethervpn.securenat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.ethervpn.securenat.engine.NatLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class DnsMessageTest {
    /** A standard query for {@code name} (type A, class IN) with recursion desired. */
    static byte[] query(int id, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >>> 8), (byte) id, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return b.toByteArray();
    }

    static ByteBuf buf(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    static byte[] header(int qd) {
        return new byte[] {0x12, 0x34, 0x01, 0, 0, (byte) qd, 0, 0, 0, 0, 0, 0};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void readsTheQuestionOfAStandardQuery() {
        byte[] q = query(0xBEEF, "www.Example.org");
        DnsMessage.Question question = DnsMessage.query(buf(q), 0, q.length);
        assertNotNull(question);
        assertEquals("www.Example.org", question.name());
        assertEquals(q.length, question.end());
        assertEquals(0xBEEF, DnsMessage.id(buf(q), 0));
    }

    @Test
    void oddBytesInLabelsAreEscaped() {
        byte[] q = concat(header(1), new byte[] {3, 'a', '.', 0, 0}, new byte[] {0, 1, 0, 1});
        assertEquals("a\\046\\000", DnsMessage.query(buf(q), 0, q.length).name());
    }

    @Test
    void refusesWhatIsNotOneStandardQuery() {
        byte[] q = query(1, "a.b");
        byte[] response = q.clone();
        response[2] |= (byte) 0x80;
        byte[] notify = q.clone();
        notify[2] |= 4 << 3;
        byte[] two = q.clone();
        two[5] = 2;
        assertNull(DnsMessage.query(buf(response), 0, response.length));
        assertNull(DnsMessage.query(buf(notify), 0, notify.length));
        assertNull(DnsMessage.query(buf(two), 0, two.length));
        assertNull(DnsMessage.query(buf(new byte[11]), 0, 11), "shorter than a header");
        assertNull(DnsMessage.query(buf(q), 0, q.length - 1), "type/class cut off");
    }

    @Test
    void maliciousNamesAreRefusedWithinBounds() {
        // label longer than the message
        byte[] longLabel = concat(header(1), new byte[] {60, 'a', 'b'});
        // pointer to itself (a loop), pointer forward, pointer into the header
        byte[] self = concat(header(1), new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});
        byte[] forward = concat(header(1), new byte[] {(byte) 0xC0, 14, 1, 'a', 0, 0, 1, 0, 1});
        byte[] intoHeader = concat(header(1), new byte[] {(byte) 0xC0, 2, 0, 1, 0, 1});
        // reserved label types 0x40 and 0x80
        byte[] extended = concat(header(1), new byte[] {0x41, 0, 0, 1, 0, 1});
        // a name over 255 octets: 5 labels of 63
        ByteArrayOutputStream tooLong = new ByteArrayOutputStream();
        tooLong.writeBytes(header(1));
        for (int i = 0; i < 5; i++) {
            tooLong.write(63);
            tooLong.writeBytes(new byte[63]);
        }
        tooLong.writeBytes(new byte[] {0, 0, 1, 0, 1});
        byte[] big = tooLong.toByteArray();
        for (byte[] m : List.of(longLabel, self, forward, intoHeader, extended, big)) {
            assertNull(DnsMessage.query(buf(m), 0, m.length));
        }
    }

    @Test
    void backwardPointersAreFollowedAndChainsAreBounded() {
        // at 12: "a" root; at 15: "b" + pointer to 12 → "b.a"
        byte[] m = concat(header(1), new byte[] {1, 'a', 0, 1, 'b', (byte) 0xC0, 12});
        StringBuilder out = new StringBuilder();
        assertEquals(m.length, DnsMessage.name(buf(m), 0, m.length, 15, out));
        assertEquals("b.a", out.toString());
        // a chain of pointers each to the one before: longer than MAX_JUMPS is refused
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        chain.writeBytes(header(1));
        chain.writeBytes(new byte[] {1, 'a', 0});
        int previous = 12;
        for (int i = 0; i < DnsMessage.MAX_JUMPS + 1; i++) {
            int here = chain.size();
            chain.writeBytes(new byte[] {(byte) (0xC0 | previous >>> 8), (byte) previous});
            previous = here;
        }
        byte[] c = chain.toByteArray();
        assertEquals(-1, DnsMessage.name(buf(c), 0, c.length, previous, new StringBuilder()));
        assertEquals(previous - 2 + 2, DnsMessage.name(buf(c), 0, c.length, previous - 2, new StringBuilder()),
                "one jump fewer is fine");
    }

    @Test
    void servFailKeepsIdQuestionAndRecursionDesired() {
        byte[] q = query(0x0102, "x.test");
        ByteBuf out = Unpooled.buffer();
        DnsMessage.servFail(buf(q), 0, q.length, out);
        assertEquals(q.length, out.readableBytes());
        assertEquals(0x0102, out.getUnsignedShort(0));
        assertEquals(0x81, out.getUnsignedByte(2), "QR and RD");
        assertEquals(0x82, out.getUnsignedByte(3), "RA and SERVFAIL");
        assertEquals("x.test", DnsMessage.question(out, 0, out.readableBytes()).name());
    }

    @Test
    void resolvConfNameserversAndRereadWhenChanged(@TempDir Path dir) throws Exception {
        assertEquals(List.of(new java.net.InetSocketAddress("10.0.0.1", 53), new java.net.InetSocketAddress("::1", 53)),
                Resolvers.parse("# comment\nsearch x\nnameserver 10.0.0.1\nnameserver   ::1 \nnameserver host.name\n"
                        + "nameserver 0.0.0.0\nnameserver 10.0.0.3\nnameserver 10.0.0.4\nnameserver 10.0.0.5\n")
                        .subList(0, 2));
        assertEquals(3, Resolvers.parse("nameserver 1.1.1.1\nnameserver 1.1.1.2\nnameserver 1.1.1.3\nnameserver 1.1.1.4\n")
                .size(), "glibc's three");
        Path file = dir.resolve("resolv.conf");
        Resolvers r = new Resolvers(file, NatLog.STDERR, 0);
        assertEquals(List.of(), r.get(), "no file: no nameserver");
        Files.writeString(file, "nameserver 10.9.8.7\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        assertEquals(List.of(new java.net.InetSocketAddress("10.9.8.7", 53)), r.get());
        Files.writeString(file, "nameserver 10.9.8.6\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
        assertEquals(List.of(new java.net.InetSocketAddress("10.9.8.6", 53)), r.get());
    }
}
