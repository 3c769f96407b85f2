package org.ethervpn.console;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.ethervpn.api.client.ProxyType;
import org.ethervpn.config.ConfigException;
import org.ethervpn.config.ConfigFile;
import org.ethervpn.config.ConfigFormat;

/**
 * The saved connections in {@code <data>/connections.properties}: written atomically with a backup
 * (and owner-only: it may hold password hashes) by the config bundle's {@link ConfigFile}. A
 * damaged file is reported and never overwritten.
 */
public final class ConnectionStore {
    private final ConfigFile<Map<String, SavedConnection>> file;
    private Map<String, SavedConnection> connections;

    public ConnectionStore(Path dataDir) throws ConfigException {
        this.file = new ConfigFile<>(dataDir.resolve("connections.properties"), "console connections", new Format());
        this.connections = file.load();
    }

    public synchronized List<SavedConnection> list() {
        return List.copyOf(connections.values());
    }

    public synchronized SavedConnection get(String name) {
        return connections.get(name);
    }

    /** Adds or replaces the connection of that name. */
    public synchronized void put(SavedConnection c) throws IOException {
        Map<String, SavedConnection> next = new LinkedHashMap<>(connections);
        next.put(c.name(), c);
        file.save(next);
        connections = next;
    }

    public synchronized void remove(String name) throws IOException {
        Map<String, SavedConnection> next = new LinkedHashMap<>(connections);
        if (next.remove(name) != null) {
            file.save(next);
            connections = next;
        }
    }

    public Path path() {
        return file.file();
    }

    /** {@code c.N.name=...} lines, one group per connection; Properties escaping. */
    private static final class Format implements ConfigFormat<Map<String, SavedConnection>> {
        private static final String[] KEYS = {"name", "host", "port", "hub", "password-sha0", "fingerprint-sha256",
            "proxy-type", "proxy", "proxy-user"};

        @Override
        public Map<String, SavedConnection> parse(byte[] bytes) throws ConfigException {
            Properties p = new Properties();
            try {
                p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("not a properties file: " + e.getMessage(), e);
            }
            TreeSet<Integer> ids = new TreeSet<>();
            for (String k : p.stringPropertyNames()) {
                String[] parts = k.split("\\.", 3);
                if (parts.length != 3 || !parts[0].equals("c") || !parts[1].matches("[0-9]{1,6}")
                        || !List.of(KEYS).contains(parts[2])) {
                    throw new ConfigException("unknown key " + k);
                }
                ids.add(Integer.parseInt(parts[1]));
            }
            Map<String, SavedConnection> out = new LinkedHashMap<>();
            for (int id : ids) {
                String at = "c." + id + ".";
                try {
                    ProxyType type;
                    try {
                        type = ProxyType.valueOf(p.getProperty(at + "proxy-type", "direct").toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(at + "proxy-type: direct, http, socks4 or socks5");
                    }
                    SavedConnection c = new SavedConnection(p.getProperty(at + "name"), p.getProperty(at + "host"),
                            Integer.parseInt(p.getProperty(at + "port", "")), p.getProperty(at + "hub"),
                            p.getProperty(at + "password-sha0"), p.getProperty(at + "fingerprint-sha256"), type,
                            p.getProperty(at + "proxy"), p.getProperty(at + "proxy-user"));
                    if (out.put(c.name(), c) != null) {
                        throw new ConfigException(at + "name: \"" + c.name() + "\" is saved twice");
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException(at + "port: not a number");
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(at + "*: " + e.getMessage());
                }
            }
            return out;
        }

        @Override
        public byte[] write(Map<String, SavedConnection> config) {
            StringBuilder b = new StringBuilder("# EtherVPN console: saved connections (passwords only as SHA-0 hashes)\n");
            int id = 1;
            for (SavedConnection c : new ArrayList<>(config.values())) {
                String[] values = {c.name(), c.host(), Integer.toString(c.port()), c.hub(), c.passwordSha0(), c.fingerprint(),
                    c.proxyType().name().toLowerCase(Locale.ROOT), c.proxy(), c.proxyUser()};
                for (int i = 0; i < KEYS.length; i++) {
                    b.append("c.").append(id).append('.').append(KEYS[i]).append('=').append(escape(values[i])).append('\n');
                }
                id++;
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static String escape(String v) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\', '=', ':', '#', '!' -> b.append('\\').append(ch);
                    case ' ' -> b.append(i == 0 ? "\\ " : " ");
                    default -> {
                        if (ch < 0x20 || ch > 0x7e) {
                            b.append(String.format("\\u%04x", (int) ch));
                        } else {
                            b.append(ch);
                        }
                    }
                }
            }
            return b.toString();
        }

        @Override
        public Map<String, SavedConnection> defaults() {
            return new LinkedHashMap<>();
        }
    }
}
