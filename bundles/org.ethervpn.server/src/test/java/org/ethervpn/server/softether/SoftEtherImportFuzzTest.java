package org.ethervpn.server.softether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ethervpn.server.config.ConfigJson;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.ServerConfigException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer target: a SoftEther {@code vpn_server.config} given to {@code vpn:configimport} (or
 * EvImportConfig), parsed and mapped onto a server's configuration, of a VPN server and of a VPN
 * Bridge. Contract: a {@link ServerConfigException} naming the line, or a result whose configuration
 * is a valid {@code server.json} (written and read back unchanged) with a report; nothing else.
 */
class SoftEtherImportFuzzTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // per input when fuzzing: a hang is a finding
    void importConfig(byte[] input) throws ServerConfigException {
        SoftEtherFolder root;
        try {
            root = SoftEtherConfigText.parse(new String(input, StandardCharsets.UTF_8));
        } catch (ServerConfigException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return;
        }
        Map<String, List<String>> plugins = new LinkedHashMap<>();
        plugins.put("modern", SoftEtherImportTest.MODERN);
        plugins.put("legacy", SoftEtherImportTest.LEGACY);
        for (ServerConfig into : List.of(ServerConfig.defaults(), ServerConfig.bridgeDefaults())) {
            boolean bridge = into.hubs().getFirst().name().equals(ServerConfig.BRIDGE_HUB);
            SoftEtherImport.Result r = SoftEtherImport.apply(into, root, plugins, bridge, NOW);
            assertTrue(!r.report().isEmpty());
            assertEquals(r.config(), ConfigJson.read(ConfigJson.write(r.config())), "the imported configuration does not load back");
        }
    }
}
