package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ethervpn.server.config.ServerConfigException;

/**
 * The text reader on a real vpn_server.config (written by SoftEther 5.01.9674, see
 * releng/interop/softether-config-sample.sh) and on damaged inputs, whose errors must name the line
 * and the folder path.
 */
class SoftEtherConfigTextTest {
    static String realConfig() throws IOException {
        try (InputStream in = SoftEtherConfigTextTest.class.getResourceAsStream("/softether/vpn_server.config")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsARealConfigWithBomCrlfAndEscapes() throws Exception {
        String text = realConfig();
        assertTrue(text.startsWith("\uFEFF#") && text.contains("\r\n"), "the sample is SoftEther's own output");
        SoftEtherFolder root = SoftEtherConfigText.parse(text);
        assertEquals("root", root.name());
        assertEquals(27, root.uint("ConfigRevision", -1));
        assertEquals("", root.string("Region", "x"), "'$' is the empty string");
        assertEquals(List.of("DEFAULT", "IMPORTED", "OTHER"),
                root.folder("VirtualHUB").orElseThrow().folders().stream().map(SoftEtherFolder::name).toList());
        SoftEtherFolder server = root.folder("serverconfiguration").orElseThrow(); // lookups ignore case
        assertEquals("443, 992, 1194, 5555", server.string("PortsUDP", ""), "$20 is a space");
        assertEquals("ECDHE-RSA-AES256-GCM-SHA384", server.string("CipherName", ""));
        assertEquals(20, server.bytes("HashedPassword").length);
        SoftEtherFolder alice = root.at("VirtualHUB/IMPORTED/SecurityAccountDatabase/UserList/alice").orElseThrow();
        assertEquals("root/VirtualHUB/IMPORTED/SecurityAccountDatabase/UserList/alice", alice.path());
        assertEquals("Alice Example", alice.string("RealName", ""));
        assertEquals("imported from SoftEther", alice.string("Note", ""));
        assertArrayEquals(Base64.getDecoder().decode("iW8/FIMC+aDA90rLozNEcPOaYQM="), alice.bytes("AuthPassword"));
        assertEquals(1796281481927L, alice.uint64("CreatedTime", 0));
        assertEquals(0, alice.uint("CreatedTime", 0), "an item of another type reads as the default, as in SoftEther");
        assertFalse(root.at("VirtualHUB/OTHER").orElseThrow().bool("Online", true));
        assertEquals(4294967295L, root.at("VirtualHUB/IMPORTED/CascadeList/Cascade0/ClientOption").orElseThrow()
                .uint("NumRetry", 0), "the full uint range");
    }

    @Test
    void escapesAreUndoneBytewiseAsUtf8() throws Exception {
        SoftEtherFolder root = SoftEtherConfigText.parse("declare root\n{\n\tstring A a$24b$09c$0D$0Ad\n"
                + "\tstring B Bøb$20✓\n\tstring C$20D x\n\tbyte E $\n\tbool F 1\n\tuint64 G 18446744073709551615\n}\n");
        assertEquals("a$b\tc\r\nd", root.string("A", null));
        assertEquals("Bøb ✓", root.string("B", null), "bytes >= 0x80 are written raw");
        assertEquals("x", root.string("C D", null), "names are escaped too");
        assertEquals(0, root.bytes("E").length);
        assertTrue(root.bool("F", false), "SoftEther's reader takes non-zero as true");
        assertEquals(-1L, root.uint64("G", 0), "u64 max");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            JSON instead                 | {"format": 1}                                          | line 1 (top level): '{"format": 1}' is not SoftEther configuration text
            top folder not root          | declare hub\\n{\\n}                                    | line 1 (top level): the top-level folder must be 'root', not 'hub'
            declare without brace        | declare root\\n{\\n\\tdeclare A\\n\\tuint x 1\\n}       | line 4 (root): expected '{' after 'declare A' of line 3
            truncated                    | declare root\\n{\\n\\tdeclare A\\n\\t{\\n\\t\\tuint x 1 | line 5 (root/A): the text ends inside folder root/A (opened at line 3): 2 '}' missing
            brace too many               | declare root\\n{\\n}\\n}                               | line 4 (top level): '}' without an open folder
            text after root              | declare root\\n{\\n}\\ndeclare x\\n{\\n}               | line 4 (top level): text after the end of folder 'root'
            uint too large               | declare root\\n{\\n\\tuint Port 4294967296\\n}          | line 3 (root): '4294967296' is not a valid uint value for Port
            negative uint64              | declare root\\n{\\n\\tuint64 T -1\\n}                   | line 3 (root): '-1' is not a valid uint64 value for T
            bad bool                     | declare root\\n{\\n\\tbool On yes\\n}                   | line 3 (root): 'yes' is not a valid bool value for On
            bad base64                   | declare root\\n{\\n\\tdeclare H\\n\\t{\\n\\t\\tbyte P ab!c\\n\\t}\\n}  | line 5 (root/H): item P is not valid base64
            bad escape                   | declare root\\n{\\n\\tstring S a$2\\n}                  | line 3 (root): bad escape in 'a$2' at character 2
            not utf-8                    | declare root\\n{\\n\\tstring S $C3$28\\n}               | line 3 (root): '$C3$28' does not decode to UTF-8 text
            unknown type                 | declare root\\n{\\n\\tint x 1\\n}                       | line 3 (root): unknown line 'int x 1'
            value with blank             | declare root\\n{\\n\\tstring S a b\\n}                  | line 3 (root): an item line is '<type> <name> <value>', found 4 words
            duplicate item               | declare root\\n{\\n\\tuint X 1\\n\\tuint x 2\\n}        | line 4 (root): item 'x' appears twice
            duplicate folder             | declare root\\n{\\n\\tdeclare A\\n\\t{\\n\\t}\\n\\tdeclare a\\n\\t{\\n\\t}\\n}  | line 6 (root): folder 'a' is declared twice
            no root at all               | # only a comment                                       | no 'declare root' folder
            binary format                | SEVPN_DB01234567890123456789                           | SoftEther's binary configuration format
            """)
    void damagedTextIsRefusedWithLineAndPath(String what, String text, String expected) {
        ServerConfigException e = assertThrows(ServerConfigException.class,
                () -> SoftEtherConfigText.parse(text.replace("\\n", "\n").replace("\\t", "\t")));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    @Test
    void theRealFileCutAnywhereIsRefusedNotHalfRead() throws Exception {
        String text = realConfig();
        int lineEnd = text.indexOf('\n', text.length() / 2) + 1;
        for (int cut : new int[] {text.length() / 3, text.length() / 2, lineEnd, text.length() - 5}) {
            ServerConfigException e = assertThrows(ServerConfigException.class, () -> SoftEtherConfigText.parse(text.substring(0, cut)));
            assertTrue(e.getMessage().matches("line \\d+ \\(root.*truncated file\\?.*"), e.getMessage());
        }
    }

    @Test
    void nestingAndSizeAreBounded() {
        StringBuilder deep = new StringBuilder("declare root\n{\n");
        for (int i = 0; i < SoftEtherConfigText.MAX_DEPTH + 1; i++) {
            deep.append("declare d").append(i).append("\n{\n");
        }
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> SoftEtherConfigText.parse(deep.toString()));
        assertTrue(e.getMessage().contains("folders nest deeper than " + SoftEtherConfigText.MAX_DEPTH), e.getMessage());
        String huge = "#".repeat(SoftEtherConfigText.MAX_CHARS + 1);
        e = assertThrows(ServerConfigException.class, () -> SoftEtherConfigText.parse(huge));
        assertTrue(e.getMessage().contains("at most " + SoftEtherConfigText.MAX_CHARS), e.getMessage());
        assertThrows(ServerConfigException.class, () -> SoftEtherConfigText.parse(""));
    }
}
