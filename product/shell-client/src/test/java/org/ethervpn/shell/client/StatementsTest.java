package org.ethervpn.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatementsTest {
    @Test
    void oneStatementPerLineSkippingCommentsAndBlanks() {
        var s = Statements.split(List.of("# set up", "", "vpn:plugins", "  vpn:plugin-install x.jar  "));
        assertEquals(List.of(new Statements.Statement(3, "vpn:plugins"),
                new Statements.Statement(4, "vpn:plugin-install x.jar")), s);
    }

    @Test
    void openBracesAndQuotesContinueOnTheNextLine() {
        var s = Statements.split(List.of("each (vpn:plugins) {", "  echo $it", "}", "echo 'a {'", "echo done"));
        assertEquals(3, s.size());
        assertEquals(new Statements.Statement(1, "each (vpn:plugins) {\n  echo $it\n}"), s.get(0));
        assertEquals("echo 'a {'", s.get(1).text());
    }
}
