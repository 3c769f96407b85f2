package org.ethervpn.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvUsersTest {
    @Test
    void usersWithQuotesHeaderCommentsAndBadLines() {
        List<CsvUsers.Row> rows = CsvUsers.parse(String.join("\n",
                "Name,Password,Real name,Note",
                "# staff",
                "alice,pw1,\"Alice, A.\",\"says \"\"hi\"\"\"",
                "bob,,Bob",
                "",
                "ALICE,x",
                "\"carol,pw",
                "bad name,pw",
                "a,b,c,d,e",
                "dave,pw4\r",
                ""));
        assertEquals(7, rows.size(), rows.toString());
        CsvUsers.Row a = rows.get(0);
        assertTrue(a.ok());
        assertEquals(List.of("alice", "pw1", "Alice, A.", "says \"hi\""), List.of(a.name(), a.password(), a.realName(), a.note()));
        assertEquals(3, a.line());
        assertEquals("", rows.get(1).password());
        assertTrue(rows.get(2).error().contains("twice"));
        assertTrue(rows.get(3).error().contains("quotes"));
        assertTrue(rows.get(4).error().contains("not a user name"));
        assertTrue(rows.get(5).error().contains("more than 4 columns"));
        assertTrue(rows.get(6).ok() && rows.get(6).password().equals("pw4"), rows.get(6).toString());
        assertFalse(a.toString().contains("pw1"), "the preview never shows a password");
    }
}
