package org.ethervpn.server.config;

import static org.ethervpn.config.JsonMembers.array;
import static org.ethervpn.config.JsonMembers.bool;
import static org.ethervpn.config.JsonMembers.construct;
import static org.ethervpn.config.JsonMembers.instant;
import static org.ethervpn.config.JsonMembers.integer;
import static org.ethervpn.config.JsonMembers.kind;
import static org.ethervpn.config.JsonMembers.object;
import static org.ethervpn.config.JsonMembers.path;
import static org.ethervpn.config.JsonMembers.present;
import static org.ethervpn.config.JsonMembers.requiredString;
import static org.ethervpn.config.JsonMembers.string;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.ethervpn.config.ConfigException;
import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNull;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;

/**
 * The configuration file format: a pretty-printed JSON object tagged {@code "format":
 * "ethervpn-server-config"}, {@code "version": 1}. Password hashes are base64 exactly as SoftEther's
 * {@code AuthPassword}, instants ISO-8601. Reading ignores unknown members (a newer server may add
 * some) and gives missing optional ones their defaults; a missing or null member counts as absent.
 */
public final class ConfigJson {
    /** The value of {@code "format"} that marks our file. */
    public static final String FORMAT = "ethervpn-server-config";
    /** Far above any real file (a user is ~300 bytes), low enough to refuse a wrong file quickly. */
    private static final JsonLimits LIMITS = JsonLimits.STANDARD.withMaxLength(64 << 20);

    private ConfigJson() {
    }

    /** The file text: pretty JSON, UTF-8, ending with a newline. */
    public static byte[] write(ServerConfig config) {
        return (JsonWriter.write(toJson(config), true) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses file text (UTF-8). Messages carry line and column, or the JSON path of the bad value. */
    public static ServerConfig read(byte[] utf8) throws ServerConfigException {
        JsonValue json;
        try {
            json = JsonReader.parse(utf8, LIMITS);
        } catch (JsonException e) {
            throw new ServerConfigException(e.getMessage(), e);
        }
        return fromJson(json);
    }

    public static JsonObject toJson(ServerConfig config) {
        List<JsonValue> listeners = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            listeners.add(JsonObject.builder()
                    .put("port", JsonNumber.of(l.port()))
                    .put("enabled", JsonBool.of(l.enabled()))
                    .build());
        }
        List<JsonValue> hubs = new ArrayList<>();
        for (HubConfig h : config.hubs()) {
            List<JsonValue> users = new ArrayList<>();
            for (UserConfig u : h.users()) {
                users.add(user(u));
            }
            JsonObject.Builder hub = JsonObject.builder()
                    .put("name", new JsonString(h.name()))
                    .put("online", JsonBool.of(h.online()))
                    .put("maxSessions", JsonNumber.of(h.maxSessions()))
                    .put("adminPasswordHash", new JsonString(h.adminPasswordHash()))
                    .put("users", new JsonArray(users))
                    .put("cascades", new JsonArray(h.cascades().stream().<JsonValue>map(ConfigJson::cascade).toList()))
                    .put("hidden", JsonBool.of(h.hidden()));
            if (h.secureNat() != null) { // null only before the server chose it (ServerCore.start)
                hub.put("secureNat", SecureNatJson.write(h.secureNat()));
            }
            hubs.add(hub.build());
        }
        return JsonObject.builder()
                .put("format", new JsonString(FORMAT))
                .put("version", JsonNumber.of(config.version()))
                .put("adminPasswordHash", new JsonString(config.adminPasswordHash()))
                .put("listeners", new JsonArray(listeners))
                .put("cipher", JsonObject.builder()
                        .put("provider", new JsonString(config.cipher().provider()))
                        .put("suites", new JsonArray(config.cipher().suites().stream().<JsonValue>map(JsonString::new).toList()))
                        .build())
                .put("hubs", new JsonArray(hubs))
                .put("bridges", new JsonArray(config.bridges().stream().<JsonValue>map(b -> JsonObject.builder()
                        .put("hub", new JsonString(b.hub()))
                        .put("device", new JsonString(b.device()))
                        .put("tap", JsonBool.of(b.tap()))
                        .build()).toList()))
                .build();
    }

    private static JsonObject cascade(CascadeConfig c) {
        return JsonObject.builder()
                .put("name", new JsonString(c.name()))
                .put("host", new JsonString(c.host()))
                .put("port", JsonNumber.of(c.port()))
                .put("hub", new JsonString(c.remoteHub()))
                .put("user", new JsonString(c.user()))
                .put("passwordHash", new JsonString(Base64.getEncoder().encodeToString(c.passwordHash())))
                .put("online", JsonBool.of(c.online()))
                .put("options", CascadeOptionsJson.write(c.options()))
                .build();
    }

    private static JsonObject user(UserConfig u) {
        return JsonObject.builder()
                .put("name", new JsonString(u.name()))
                .put("auth", new JsonString(u.auth().name().toLowerCase(Locale.ROOT)))
                .put("passwordHash", new JsonString(Base64.getEncoder().encodeToString(u.passwordHash())))
                .put("realName", new JsonString(u.realName()))
                .put("note", new JsonString(u.note()))
                .put("created", instantJson(u.created()))
                .put("logins", JsonNumber.of(u.logins()))
                .put("lastLogin", instantJson(u.lastLogin()))
                .put("enabled", JsonBool.of(u.enabled()))
                .put("expires", instantJson(u.expires()))
                .build();
    }

    private static JsonValue instantJson(Instant t) {
        return t == null ? JsonNull.INSTANCE : new JsonString(t.toString());
    }

    /** @throws ServerConfigException naming the JSON path of the first bad value */
    public static ServerConfig fromJson(JsonValue json) throws ServerConfigException {
        try {
            return parse(json);
        } catch (ServerConfigException e) {
            throw e;
        } catch (ConfigException e) {
            throw new ServerConfigException(e.getMessage(), e);
        }
    }

    private static ServerConfig parse(JsonValue json) throws ConfigException {
        if (!(json instanceof JsonObject root)) {
            throw new ServerConfigException("the file must hold a JSON object, not " + kind(json));
        }
        if (!(root.get("format") instanceof JsonString f && f.value().equals(FORMAT))) {
            throw new ServerConfigException("format: must be \"" + FORMAT + "\" (this is not an EtherVPN server configuration)");
        }
        long version = integer(root, "", "version", 0, Integer.MAX_VALUE, -1);
        if (version != ServerConfig.VERSION) {
            throw new ServerConfigException("version: this server reads format version " + ServerConfig.VERSION
                    + ", the file has version " + version);
        }
        ServerConfig defaults = ServerConfig.defaults();

        List<ListenerConfig> listeners = defaults.listeners();
        JsonArray ls = array(root, "", "listeners");
        if (ls != null) {
            listeners = new ArrayList<>();
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < ls.size(); i++) {
                String at = "listeners[" + i + "]";
                JsonObject l = object(ls.get(i), at);
                int port = (int) integer(l, at, "port", 1, 65535, -1);
                if (!ports.add(port)) {
                    throw new ServerConfigException(at + ".port: port " + port + " is listed twice");
                }
                listeners.add(new ListenerConfig(port, bool(l, at, "enabled", true)));
            }
        }

        CipherConfig cipher = defaults.cipher();
        if (present(root.get("cipher"))) {
            JsonObject c = object(root.get("cipher"), "cipher");
            String provider = string(c, "cipher", "provider", CipherConfig.DEFAULT_PROVIDER);
            List<String> suites = new ArrayList<>();
            JsonArray ss = array(c, "cipher", "suites");
            for (int i = 0; ss != null && i < ss.size(); i++) {
                if (!(ss.get(i) instanceof JsonString s)) {
                    throw new ServerConfigException("cipher.suites[" + i + "]: must be a string");
                }
                suites.add(s.value());
            }
            cipher = construct("cipher", () -> new CipherConfig(provider, suites));
        }

        List<HubConfig> hubs = defaults.hubs();
        JsonArray hs = array(root, "", "hubs");
        if (hs != null) {
            hubs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < hs.size(); i++) {
                HubConfig hub = hub(object(hs.get(i), "hubs[" + i + "]"), "hubs[" + i + "]");
                if (!names.add(NameRules.key(hub.name()))) {
                    throw new ServerConfigException("hubs[" + i + "].name: a hub named \"" + hub.name()
                            + "\" comes earlier (hub names are case-insensitive)");
                }
                hubs.add(hub);
            }
        }
        List<BridgeConfig> bridges = new ArrayList<>();
        JsonArray bs = array(root, "", "bridges");
        for (int i = 0; bs != null && i < bs.size(); i++) {
            String at = "bridges[" + i + "]";
            JsonObject b = object(bs.get(i), at);
            String hub = requiredString(b, at, "hub");
            String device = requiredString(b, at, "device");
            boolean tap = bool(b, at, "tap", false);
            bridges.add(construct(at, () -> new BridgeConfig(hub, device, tap)));
        }
        List<ListenerConfig> l = listeners;
        CipherConfig c = cipher;
        List<HubConfig> h = hubs;
        String admin = string(root, "", "adminPasswordHash", ServerConfig.EMPTY_ADMIN_PASSWORD);
        return construct("", () -> new ServerConfig(ServerConfig.VERSION, l, c, h, bridges, admin));
    }

    private static HubConfig hub(JsonObject o, String at)
            throws ConfigException {
        String name = requiredString(o, at, "name");
        construct(at + ".name", () -> NameRules.hub(name));
        boolean online = bool(o, at, "online", true);
        int maxSessions = (int) integer(o, at, "maxSessions", 0, Integer.MAX_VALUE, 0);
        List<UserConfig> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonArray us = array(o, at, "users");
        for (int i = 0; us != null && i < us.size(); i++) {
            String uat = at + ".users[" + i + "]";
            UserConfig user = user(object(us.get(i), uat), uat);
            if (!names.add(NameRules.key(user.name()))) {
                throw new ServerConfigException(uat + ".name: a user named \"" + user.name()
                        + "\" comes earlier in this hub (user names are case-insensitive)");
            }
            users.add(user);
        }
        List<CascadeConfig> cascades = new ArrayList<>();
        JsonArray cs = array(o, at, "cascades");
        for (int i = 0; cs != null && i < cs.size(); i++) {
            cascades.add(cascade(object(cs.get(i), at + ".cascades[" + i + "]"), at + ".cascades[" + i + "]"));
        }
        String adminHash = string(o, at, "adminPasswordHash", "");
        boolean hidden = bool(o, at, "hidden", false);
        JsonValue snat = o.get("secureNat");
        SecureNatConfig secureNat = SecureNatJson.read(present(snat) ? object(snat, at + ".secureNat") : null,
                at + ".secureNat");
        return construct(at, () -> new HubConfig(name, online, maxSessions, users, cascades, adminHash, hidden, secureNat));
    }

    private static CascadeConfig cascade(JsonObject o, String at)
            throws ConfigException {
        String name = requiredString(o, at, "name");
        String host = requiredString(o, at, "host");
        int port = (int) integer(o, at, "port", 1, 65535, -1);
        String hub = requiredString(o, at, "hub");
        String user = requiredString(o, at, "user");
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(string(o, at, "passwordHash", ""));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(at + ".passwordHash: not valid base64");
        }
        boolean online = bool(o, at, "online", false);
        JsonValue ov = o.get("options");
        var options = CascadeOptionsJson.read(present(ov) ? object(ov, at + ".options") : null, at + ".options");
        return construct(at, () -> new CascadeConfig(name, host, port, hub, user, hash, online, options));
    }

    private static UserConfig user(JsonObject o, String at)
            throws ConfigException {
        String name = requiredString(o, at, "name");
        construct(at + ".name", () -> NameRules.user(name));
        String authText = string(o, at, "auth", "password");
        UserAuthType auth;
        try {
            auth = UserAuthType.valueOf(authText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(at + ".auth: must be \"password\" or \"anonymous\", is \"" + authText + "\"");
        }
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(string(o, at, "passwordHash", ""));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(at + ".passwordHash: not valid base64");
        }
        if (hash.length != 0 && hash.length != UserConfig.HASH_LENGTH) {
            throw new ServerConfigException(at + ".passwordHash: must be " + UserConfig.HASH_LENGTH
                    + " bytes (28 characters of base64) or empty, is " + hash.length + " bytes");
        }
        String realName = string(o, at, "realName", "");
        String note = string(o, at, "note", "");
        Instant created = instant(o, at, "created");
        long logins = integer(o, at, "logins", 0, Long.MAX_VALUE, 0);
        Instant lastLogin = instant(o, at, "lastLogin");
        boolean enabled = bool(o, at, "enabled", true); // files before these two members: enabled, never expires
        Instant expires = instant(o, at, "expires");
        return construct(at, () -> new UserConfig(name, auth, hash, realName, note, created, logins, lastLogin, enabled,
                expires));
    }

    /** Runs a constructor, turning its validation error into one at {@code at}. */
}
