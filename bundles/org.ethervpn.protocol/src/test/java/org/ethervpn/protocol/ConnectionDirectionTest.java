package org.ethervpn.protocol;

import static org.ethervpn.protocol.ConnectionDirection.BOTH;
import static org.ethervpn.protocol.ConnectionDirection.CLIENT_TO_SERVER;
import static org.ethervpn.protocol.ConnectionDirection.SERVER_TO_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConnectionDirectionTest {
    @Test
    void halfDuplexAssignmentWithFourConnections() {
        List<Integer> codes = new ArrayList<>();
        int s2c = 0;
        int c2s = 0;
        ConnectionDirection d = ConnectionDirection.HALF_DUPLEX_LOGIN;
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                d = ConnectionDirection.assignHalfDuplex(s2c, c2s);
            }
            codes.add(d.code());
            if (d == SERVER_TO_CLIENT) {
                s2c++;
            } else {
                c2s++;
            }
        }
        assertEquals(List.of(2, 1, 1, 2), codes);
    }

    @Test
    void whoSendsAndReceives() {
        assertTrue(BOTH.canSend(true) && BOTH.canSend(false) && BOTH.canReceive(true) && BOTH.canReceive(false));
        assertTrue(SERVER_TO_CLIENT.canSend(true));
        assertFalse(SERVER_TO_CLIENT.canSend(false));
        assertTrue(SERVER_TO_CLIENT.canReceive(false));
        assertFalse(SERVER_TO_CLIENT.canReceive(true));
        assertTrue(CLIENT_TO_SERVER.canSend(false));
        assertFalse(CLIENT_TO_SERVER.canSend(true));
        assertTrue(CLIENT_TO_SERVER.canReceive(true));
        assertFalse(CLIENT_TO_SERVER.canReceive(false));
    }

    @Test
    void codes() {
        for (ConnectionDirection d : ConnectionDirection.values()) {
            assertEquals(d, ConnectionDirection.fromCode(d.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> ConnectionDirection.fromCode(3));
    }
}
