package org.ethervpn.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target: a {@code server.json} as the server loads it at start (through {@link ConfigStore}
 * and the config bundle's file handling), for a VPN server and a VPN Bridge. Contract: a
 * configuration, or a {@link ServerConfigException} whose message says what is wrong; nothing else.
 * A configuration that loads is written back to text that loads to the same configuration.
 */
class ServerConfigFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void load(byte[] input) throws IOException, ServerConfigException {
        Path file = dir.resolve("server.json");
        Files.write(file, input);
        for (boolean bridge : new boolean[] {false, true}) {
            ServerConfig config;
            try {
                config = new ConfigStore(file, bridge).load();
            } catch (ServerConfigException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                continue;
            }
            assertEquals(config, ConfigJson.read(ConfigJson.write(config)), "written back, it reads differently");
        }
    }
}
