package org.ethervpn.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final byte[] RANDOM = Hex.parse("0e4d8d7ef153147a0108e6f0b2c39061c62162fc");

    @Test
    void aliceAsStoredByTheServer() {
        byte[] hashed = PasswordHash.hashedPassword("alice", "alicepass".getBytes(StandardCharsets.UTF_8));
        assertEquals("9f556d49b6c5d20dfa3b48a2add2939a05cd0d86", Hex.of(hashed));
        assertEquals("n1VtSbbF0g36O0iirdKTmgXNDYY=", Base64.getEncoder().encodeToString(hashed));
        assertArrayEquals(Sha0.hash("alicepassALICE".getBytes(StandardCharsets.US_ASCII)), hashed);
    }

    @Test
    void aliceSecurePassword() {
        byte[] hashed = PasswordHash.hashedPassword("alice", "alicepass");
        byte[] secure = PasswordHash.securePassword(hashed, RANDOM);
        assertEquals("4700c8c46e14004b7873b4df0e71ef69a1cddc81", Hex.of(secure));
        assertTrue(PasswordHash.verify(hashed, RANDOM, secure));
    }

    @Test
    void bob() {
        byte[] hashed = PasswordHash.hashedPassword("Bob", "bobpass");
        assertEquals("32781abf072e696068ec909359478aba13e84d11", Hex.of(hashed));
        assertEquals("MngavwcuaWBo7JCTWUeKuhPoTRE=", Base64.getEncoder().encodeToString(hashed));
        // the user name's case does not matter, the password's does
        assertArrayEquals(hashed, PasswordHash.hashedPassword("BOB", "bobpass"));
        assertFalse(Hex.of(PasswordHash.hashedPassword("Bob", "BOBPASS")).equals(Hex.of(hashed)));
    }

    @Test
    void onlyAsciiLettersAreUpperCased() {
        byte[] password = "pw".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Sha0.hash(password, "äB-é1Z".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, PasswordHash.hashedPassword("äb-é1z", password));
    }

    @Test
    void wrongAnswersAreRejected() {
        byte[] hashed = PasswordHash.hashedPassword("alice", "alicepass");
        byte[] secure = PasswordHash.securePassword(hashed, RANDOM);
        byte[] flipped = secure.clone();
        flipped[19] ^= 1;
        assertFalse(PasswordHash.verify(hashed, RANDOM, flipped));
        assertFalse(PasswordHash.verify(hashed, RANDOM, new byte[19]));
        assertFalse(PasswordHash.verify(hashed, RANDOM, null));
        assertFalse(PasswordHash.constantTimeEquals(null, null));
        assertTrue(PasswordHash.constantTimeEquals(new byte[0], new byte[0]));
    }

    @Test
    void lengthsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.securePassword(new byte[19], RANDOM));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.securePassword(new byte[20], new byte[21]));
    }
}
