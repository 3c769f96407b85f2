package org.ethervpn.client.service;

import static org.ethervpn.config.JsonMembers.array;
import static org.ethervpn.config.JsonMembers.bool;
import static org.ethervpn.config.JsonMembers.integer;
import static org.ethervpn.config.JsonMembers.kind;
import static org.ethervpn.config.JsonMembers.object;
import static org.ethervpn.config.JsonMembers.requiredString;
import static org.ethervpn.config.JsonMembers.string;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.config.ConfigException;
import org.ethervpn.config.ConfigFormat;
import org.ethervpn.pack.json.JsonArray;
import org.ethervpn.pack.json.JsonBool;
import org.ethervpn.pack.json.JsonException;
import org.ethervpn.pack.json.JsonLimits;
import org.ethervpn.pack.json.JsonNumber;
import org.ethervpn.pack.json.JsonObject;
import org.ethervpn.pack.json.JsonReader;
import org.ethervpn.pack.json.JsonString;
import org.ethervpn.pack.json.JsonValue;
import org.ethervpn.pack.json.JsonWriter;

/** {@code client.json}: pretty JSON, every setting named, secrets only where the client needs them. */
final class ClientJson implements ConfigFormat<ClientConfig> {
    static final String FORMAT = "ethervpn-client";
    private static final JsonLimits LIMITS = JsonLimits.STANDARD.withMaxLength(16 << 20);

    @Override
    public ClientConfig defaults() {
        return ClientConfig.empty();
    }

    @Override
    public byte[] write(ClientConfig config) {
        List<JsonValue> accounts = new ArrayList<>();
        for (AccountConfig a : config.accounts()) {
            accounts.add(account(a));
        }
        JsonObject root = JsonObject.builder()
                .put("format", new JsonString(FORMAT))
                .put("version", JsonNumber.of(ClientConfig.VERSION))
                .put("nics", new JsonArray(config.nics().stream().<JsonValue>map(JsonString::new).toList()))
                .put("accounts", new JsonArray(accounts))
                .build();
        return (JsonWriter.write(root, true) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject account(AccountConfig c) {
        AccountSettings s = c.settings();
        return JsonObject.builder()
                .put("name", new JsonString(s.name()))
                .put("server", new JsonString(s.server()))
                .put("hub", new JsonString(s.hub()))
                .put("user", new JsonString(s.user()))
                .put("auth", new JsonString(s.auth().name().toLowerCase(Locale.ROOT)))
                .put("passwordHash", new JsonString(Base64.getEncoder().encodeToString(c.passwordHash())))
                .put("plainPassword", new JsonString(s.auth() == AccountSettings.Auth.PLAIN_PASSWORD ? s.password() : ""))
                .put("nic", new JsonString(s.nic()))
                .put("certificatePin", new JsonString(s.certificatePin()))
                .put("maxConnections", JsonNumber.of(s.maxConnections()))
                .put("intervalSeconds", JsonNumber.of(s.intervalSeconds()))
                .put("lifetimeSeconds", JsonNumber.of(s.lifetimeSeconds()))
                .put("halfDuplex", JsonBool.of(s.halfDuplex()))
                .put("encrypt", JsonBool.of(s.encrypt()))
                .put("compress", JsonBool.of(s.compress()))
                .put("qos", JsonBool.of(s.qos()))
                .put("retryIntervalSeconds", JsonNumber.of(s.retryIntervalSeconds()))
                .put("retries", JsonNumber.of(s.retries()))
                .put("proxy", new JsonString(s.proxy().name().toLowerCase(Locale.ROOT)))
                .put("proxyServer", new JsonString(s.proxyServer()))
                .put("proxyUser", new JsonString(s.proxyUser()))
                .put("proxyPassword", new JsonString(s.proxyPassword()))
                .put("startup", JsonBool.of(c.startup()))
                .build();
    }

    @Override
    public ClientConfig parse(byte[] bytes) throws ConfigException {
        JsonValue json;
        try {
            json = JsonReader.parse(bytes, LIMITS);
        } catch (JsonException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        if (!(json instanceof JsonObject root)) {
            throw new ConfigException("the file must hold a JSON object, not " + kind(json));
        }
        if (!(root.get("format") instanceof JsonString f && f.value().equals(FORMAT))) {
            throw new ConfigException("format: must be \"" + FORMAT + "\" (this is not an EtherVPN client configuration)");
        }
        long version = integer(root, "", "version", 0, Integer.MAX_VALUE, -1);
        if (version != ClientConfig.VERSION) {
            throw new ConfigException("version: this client reads format version " + ClientConfig.VERSION
                    + ", the file has version " + version);
        }
        List<String> nics = new ArrayList<>();
        JsonArray ns = array(root, "", "nics");
        for (int i = 0; ns != null && i < ns.size(); i++) {
            if (!(ns.get(i) instanceof JsonString n) || nics.contains(n.value())) {
                throw new ConfigException("nics[" + i + "]: must be a string naming a new adapter");
            }
            nics.add(n.value());
        }
        List<AccountConfig> accounts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonArray as = array(root, "", "accounts");
        for (int i = 0; as != null && i < as.size(); i++) {
            String at = "accounts[" + i + "]";
            AccountConfig a = account(object(as.get(i), at), at);
            if (!names.add(a.name().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(at + ".name: a second account named " + a.name());
            }
            accounts.add(a);
        }
        return new ClientConfig(accounts, nics);
    }

    private static AccountConfig account(JsonObject o, String at) throws ConfigException {
        AccountSettings.Auth auth = choice(AccountSettings.Auth.class, string(o, at, "auth", "anonymous"), at, "auth");
        ProxyType proxy = choice(ProxyType.class, string(o, at, "proxy", "direct"), at, "proxy");
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(string(o, at, "passwordHash", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ".passwordHash: must be base64");
        }
        if (hash.length != 0 && hash.length != 20) {
            throw new ConfigException(at + ".passwordHash: must be 20 bytes (SoftEther's SHA-0 password hash)");
        }
        // only a plain-password account keeps it (the writer writes it for no other): a stray one is read and dropped,
        // so what loads is what is written back (a fuzz finding)
        String plain = string(o, at, "plainPassword", "");
        if (auth != AccountSettings.Auth.PLAIN_PASSWORD) {
            plain = "";
        }
        AccountSettings s = new AccountSettings(requiredString(o, at, "name"), string(o, at, "server", ""), string(o, at, "hub", ""),
                string(o, at, "user", ""), auth, plain, string(o, at, "nic", ""), string(o, at, "certificatePin", ""),
                (int) integer(o, at, "maxConnections", 1, 32, 1), (int) integer(o, at, "intervalSeconds", 1, 3600, 1),
                (int) integer(o, at, "lifetimeSeconds", 0, 86400 * 365, 0), bool(o, at, "halfDuplex", false),
                bool(o, at, "encrypt", true), bool(o, at, "compress", false), bool(o, at, "qos", false),
                (int) integer(o, at, "retryIntervalSeconds", 5, 86400, 15),
                (int) integer(o, at, "retries", AccountSettings.UNLIMITED, Integer.MAX_VALUE, AccountSettings.UNLIMITED),
                proxy, string(o, at, "proxyServer", ""), string(o, at, "proxyUser", ""),
                string(o, at, "proxyPassword", ""));
        return new AccountConfig(s, hash, bool(o, at, "startup", false));
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String text, String at, String member)
            throws ConfigException {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new ConfigException(at + "." + member + ": unknown value \"" + text + "\"");
    }
}
