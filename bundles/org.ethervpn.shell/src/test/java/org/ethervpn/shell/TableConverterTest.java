package org.ethervpn.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.apache.felix.service.command.Converter;
import org.ethervpn.api.plugin.PluginBundleInfo;
import org.ethervpn.api.plugin.PluginInfo;
import org.ethervpn.api.plugin.PluginKind;
import org.junit.jupiter.api.Test;

class TableConverterTest {
    final TableConverter c = new TableConverter();
    final PluginInfo deflate = new PluginInfo(PluginKind.COMPRESSION, "deflate", "zlib", "org.ethervpn.compress.deflate",
            "1.0.0", true);
    final PluginInfo tcp = new PluginInfo(PluginKind.TRANSPORT, "tcp", "direct TCP", "org.ethervpn.transport.tcp",
            "1.0.0", false);

    @Test
    void listsOfRecordsBecomeAlignedTables() {
        assertEquals("""
                KIND         NAME     DESCRIPTION  BUNDLE                         VERSION  BUILT-IN
                compression  deflate  zlib         org.ethervpn.compress.deflate  1.0.0    yes
                transport    tcp      direct TCP   org.ethervpn.transport.tcp     1.0.0    no""",
                c.format(List.of(deflate, tcp), Converter.INSPECT, null).toString());
    }

    @Test
    void oneRecordBecomesFieldLinesWithNestedTables() {
        var info = new PluginBundleInfo("org.ethervpn.transport.tcp", "1.0.0", "active", List.of(tcp));
        assertEquals("""
                BUNDLE:  org.ethervpn.transport.tcp
                VERSION: 1.0.0
                STATE:   active
                PLUGINS:
                  KIND       NAME  DESCRIPTION  BUNDLE                      VERSION  BUILT-IN
                  transport  tcp   direct TCP   org.ethervpn.transport.tcp  1.0.0    no""",
                c.format(info, Converter.INSPECT, null).toString());
    }

    @Test
    void leavesEverythingElseToGogo() {
        assertNull(c.format("text", Converter.INSPECT, null));
        assertNull(c.format(List.of(1, 2), Converter.INSPECT, null));
        assertNull(c.format(List.of(deflate), Converter.LINE, null));
        assertNull(c.format(List.of(), Converter.INSPECT, null));
    }

    @Test
    void relativePluginPathsMeanTheCallersDirectory() {
        assertEquals("/x/y.jar", PluginCommands.resolve(null, "/x/y.jar"));
        assertEquals("https://h/p.jar", PluginCommands.resolve(null, "https://h/p.jar"));
    }
}
