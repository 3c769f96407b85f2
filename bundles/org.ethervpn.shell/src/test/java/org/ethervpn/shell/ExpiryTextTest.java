package org.ethervpn.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** vpn:userexpiresset's time: local time of the given zone, a date alone is midnight, "none" is never. */
class ExpiryTextTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void localDatesAndTimes() {
        assertEquals(Instant.parse("2029-12-31T15:00:00Z"), ServerCommands.expiry("2030-01-01", TOKYO));
        assertEquals(Instant.parse("2030-01-01T00:30:00Z"), ServerCommands.expiry("2030-01-01T09:30", TOKYO));
        assertEquals(Instant.parse("2030-01-01T00:30:15Z"), ServerCommands.expiry("2030-01-01 09:30:15", TOKYO));
        assertNull(ServerCommands.expiry("none", TOKYO));
        assertNull(ServerCommands.expiry("NONE", TOKYO));
    }

    @Test
    void anythingElseIsRefusedWithTheFormat() {
        for (String bad : new String[] {"2030/01/01", "tomorrow", "2030-13-01", "2030-01-01T25:00", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerCommands.expiry(bad, TOKYO));
            assertTrue(e.getMessage().contains("give YYYY-MM-DD"), e.getMessage());
        }
    }
}
