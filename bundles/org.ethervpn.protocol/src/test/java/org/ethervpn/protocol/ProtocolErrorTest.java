package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProtocolErrorTest {
    @Test
    void everyCodeOfTheSpecIsKnown() {
        int[] spec = {0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20, 23, 29, 33, 38, 46, 51, 52, 53, 54,
            57, 58, 59, 60, 61, 63, 65, 66, 73, 78, 82, 84, 87, 91, 105, 107, 108, 109, 127, 143};
        for (int code : spec) {
            Optional<ProtocolError> e = ProtocolError.fromCode(code);
            assertTrue(e.isPresent(), "code " + code);
            assertEquals(code, e.get().code());
            assertFalse(e.get().message().isBlank());
        }
        assertEquals(spec.length, ProtocolError.values().length);
    }

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (ProtocolError e : ProtocolError.values()) {
            assertTrue(seen.add(e.code()), e.name());
        }
    }

    @Test
    void namesAndDescriptions() {
        assertEquals(ProtocolError.AUTH_FAILED, ProtocolError.fromCode(9).orElseThrow());
        assertEquals("ERR_AUTH_FAILED", ProtocolError.AUTH_FAILED.softEtherName());
        assertEquals("ERR_SESSION_TIMEOUT", ProtocolError.fromCode(13).orElseThrow().softEtherName());
        assertEquals("ERR_NULL_PASSWORD_LOCAL_ONLY", ProtocolError.fromCode(51).orElseThrow().softEtherName());
        assertTrue(ProtocolError.describe(9).startsWith("Error code 9 (ERR_AUTH_FAILED): "));
        assertEquals("Error code 1000.", ProtocolError.describe(1000));
        assertTrue(ProtocolError.fromCode(-1).isEmpty());
        assertTrue(ProtocolError.fromCode(1).isEmpty());
        assertTrue(ProtocolError.fromCode(0xFFFF_FFFFL).isEmpty());
    }
}
