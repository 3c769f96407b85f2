package org.ethervpn.server.config;

import java.io.IOException;
import java.nio.file.Path;

import org.ethervpn.config.ConfigException;
import org.ethervpn.config.ConfigFile;
import org.ethervpn.config.ConfigFormat;

/**
 * Keeps the {@link ServerConfig} in one JSON file ({@link ConfigJson}) and the previous version in
 * {@code <file>.bak}, with {@link ConfigFile}'s guarantees (atomic, durable, 0600, a damaged file is
 * never overwritten).
 */
public final class ConfigStore {
    private static ConfigFormat<ServerConfig> format(boolean bridge) {
        return new ConfigFormat<>() {
        @Override
        public ServerConfig parse(byte[] bytes) throws ServerConfigException {
            return ConfigJson.read(bytes);
        }

        @Override
        public byte[] write(ServerConfig config) {
            return ConfigJson.write(config);
        }

        @Override
        public ServerConfig defaults() {
            return bridge ? ServerConfig.bridgeDefaults() : ServerConfig.defaults();
        }
        };
    }

    private final ConfigFile<ServerConfig> file;

    public ConfigStore(Path file) {
        this(file, false);
    }

    /** @param bridge a first start creates a VPN Bridge's configuration (hub BRIDGE) */
    public ConfigStore(Path file, boolean bridge) {
        this.file = new ConfigFile<>(file, bridge ? "bridge configuration" : "server configuration", format(bridge));
    }

    public Path file() {
        return file.file();
    }

    public Path backupFile() {
        return file.backupFile();
    }

    /** @see ConfigFile#load() */
    public ServerConfig load() throws ServerConfigException {
        try {
            return file.load();
        } catch (ServerConfigException e) {
            throw e;
        } catch (ConfigException e) {
            throw new ServerConfigException(e.getMessage(), e.getCause());
        }
    }

    public boolean firstStart() {
        return file.firstStart();
    }

    /** @see ConfigFile#save(Object) */
    public void save(ServerConfig config) throws IOException {
        file.save(config);
    }
}
