package org.ethervpn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.ethervpn.config.ConfigException;
import org.ethervpn.config.ConfigFile;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target: a {@code client.json} as the VPN client loads it at start (the config bundle's
 * {@link ConfigFile} with {@link ClientJson}). Contract: a configuration, or a {@link ConfigException}
 * whose message says what is wrong; nothing else. A configuration that loads is written back to text
 * that loads to the same configuration.
 */
class ClientConfigFuzzTest {
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void load(byte[] input) throws IOException, ConfigException {
        Path file = dir.resolve("client.json");
        Files.write(file, input);
        ClientJson format = new ClientJson();
        ClientConfig config;
        try {
            config = new ConfigFile<>(file, "client configuration", format).load();
        } catch (ConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return;
        }
        assertEquals(config, format.parse(format.write(config)), "written back, it reads differently");
    }
}
