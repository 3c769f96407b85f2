package org.ethervpn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path dir;

    @Test
    void rotatesBySizeAndKeepsABoundedNumberOfFiles() throws Exception {
        Path f = dir.resolve("logs/ethervpn.log");
        try (RotatingLog log = new RotatingLog(f, 100, 2)) {
            for (int i = 0; i < 20; i++) {
                log.append("line %02d ........................\n".formatted(i));
            }
        }
        assertTrue(Files.size(f) <= 100);
        assertTrue(Files.exists(dir.resolve("logs/ethervpn.log.1")));
        assertTrue(Files.exists(dir.resolve("logs/ethervpn.log.2")));
        assertFalse(Files.exists(dir.resolve("logs/ethervpn.log.3")));
        assertTrue(Files.readString(f).contains("line 19"));
    }

    @Test
    void anUnwritableLocationDoesNotThrow() throws Exception {
        Path blocker = Files.writeString(dir.resolve("notadir"), "x");
        try (RotatingLog log = new RotatingLog(blocker.resolve("ethervpn.log"), 100, 2)) {
            log.append("lost\n");
            log.append("lost too\n");
        }
        assertEquals("x", Files.readString(blocker));
    }
}
