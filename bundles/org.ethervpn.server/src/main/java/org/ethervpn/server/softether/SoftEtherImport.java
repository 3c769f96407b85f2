package org.ethervpn.server.softether;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.protocol.SoftEtherPolicy;
import org.ethervpn.server.config.ServerConfig;
import org.ethervpn.server.config.HubConfig;
import org.ethervpn.server.config.SecureNatConfig;
import org.ethervpn.server.config.UserConfig;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.BridgeConfig;
import org.ethervpn.server.config.CipherConfig;
import org.ethervpn.server.config.ListenerConfig;
import org.ethervpn.server.config.UserAuthType;
import org.ethervpn.server.config.NameRules;

/**
 * Maps a SoftEther configuration tree ({@link SoftEtherConfigText}) onto our {@link ServerConfig}
 * (spec softether-admin-protocol.md §8.3). Pure: the caller saves the result. Hubs of the same name
 * (ignoring case) are replaced, other hubs added; listeners and local bridges not yet configured
 * are added; the cipher is set when one of our plugins offers it. What cannot be carried over is
 * skipped and said so in the report, never guessed.
 */
public final class SoftEtherImport {
    /** SoftEther's 64-bit times are Unix milliseconds minus 9 hours (spec §4.4). */
    private static final long SOFTETHER_EPOCH_SHIFT_MS = 9 * 3600 * 1000L;

    /**
     * @param config    the configuration after the import
     * @param hubs      the imported hubs, as they are in {@code config}
     * @param listeners the listeners added
     * @param bridges   the local bridges added
     * @param cipher    the new cipher setting, or null when it was kept
     * @param report    one line per imported or skipped thing, for the operator
     */
    public record Result(ServerConfig config, List<HubConfig> hubs, List<ListenerConfig> listeners,
            List<BridgeConfig> bridges, CipherConfig cipher, List<String> report) {
    }

    private SoftEtherImport() {
    }

    /**
     * @param cipherPlugins installed cipher plugins (name to suites) in order of preference
     * @param bridgeServer  this is a VPN Bridge: only hub BRIDGE can be imported
     */
    public static Result apply(ServerConfig current, SoftEtherFolder root, Map<String, List<String>> cipherPlugins,
            boolean bridgeServer) {
        return apply(current, root, cipherPlugins, bridgeServer, Instant.now());
    }

    /** @param now the time against which expiry dates are judged (a test fixes it) */
    public static Result apply(ServerConfig current, SoftEtherFolder root, Map<String, List<String>> cipherPlugins,
            boolean bridgeServer, Instant now) {
        List<String> report = new ArrayList<>();
        ServerConfig next = current;
        long revision = root.uint("ConfigRevision", 0);
        report.add("SoftEther configuration, revision " + revision);
        Optional<SoftEtherFolder> server = root.folder("ServerConfiguration");
        long type = server.map(s -> s.uint("ServerType", 0)).orElse(0L);
        if (type != 0) {
            report.add("note: SoftEther server type " + type + " (cluster) is imported as a stand-alone server");
        }

        List<HubConfig> hubs = new ArrayList<>();
        for (SoftEtherFolder h : root.folder("VirtualHUB").map(SoftEtherFolder::folders).orElse(List.of())) {
            if (bridgeServer && !NameRules.same(h.name(), ServerConfig.BRIDGE_HUB)) {
                report.add("hub " + h.name() + ": skipped: a VPN Bridge has only hub " + ServerConfig.BRIDGE_HUB);
                continue;
            }
            Optional<HubConfig> hub = hub(h, next.hub(h.name()).isPresent(), now, report);
            if (hub.isPresent()) {
                next = next.withHub(hub.get());
                hubs.add(hub.get());
            }
        }
        if (hubs.isEmpty()) {
            report.add("no hub imported");
        }

        List<ListenerConfig> listeners = new ArrayList<>();
        for (SoftEtherFolder l : root.folder("ListenerList").map(SoftEtherFolder::folders).orElse(List.of())) {
            long port = l.uint("Port", 0);
            boolean enabled = l.bool("Enabled", true);
            if (port < 1 || port > 65535) {
                report.add("listener " + l.name() + ": skipped: port " + port + " is not within 1..65535");
            } else if (next.listener((int) port).isPresent()) {
                report.add("listener " + port + ": already configured here, kept as it is");
            } else {
                ListenerConfig c = new ListenerConfig((int) port, enabled);
                next = next.withListener(c);
                listeners.add(c);
                report.add("listener " + port + ": added, " + (enabled ? "enabled" : "disabled"));
            }
        }

        List<BridgeConfig> bridges = new ArrayList<>();
        for (SoftEtherFolder b : root.folder("LocalBridgeList").map(SoftEtherFolder::folders).orElse(List.of())) {
            String hub = b.string("HubName", "");
            String device = b.string("DeviceName", "");
            boolean tap = b.bool("TapMode", false);
            String what = "local bridge of hub " + hub + " to " + (tap ? "TAP device " : "") + device;
            if (next.bridge(hub, device).isPresent()) {
                report.add(what + ": already configured here, kept as it is");
                continue;
            }
            try {
                BridgeConfig c = new BridgeConfig(hub, device, tap);
                next = next.withBridge(c);
                bridges.add(c);
                report.add(what + ": added" + (b.bool("MonitorMode", false) ? " (SoftEther's monitor mode is not"
                        + " supported: it bridges normally)" : ""));
            } catch (IllegalArgumentException e) {
                report.add(what + ": skipped: " + e.getMessage());
            }
        }

        CipherConfig cipher = null;
        String name = server.map(s -> s.string("CipherName", "")).orElse("");
        if (name.isEmpty() || name.equalsIgnoreCase("~DEFAULT~")) {
            report.add("cipher: SoftEther's default; kept " + describe(next.cipher()));
        } else {
            Optional<CipherConfig> c = SoftEtherCiphers.choose(name, cipherPlugins);
            if (c.isPresent()) {
                cipher = c.get();
                next = next.withCipher(cipher);
                report.add("cipher: " + name + " -> " + describe(cipher) + " (TLS 1.3 stays enabled, as in SoftEther)");
            } else {
                report.add("cipher: " + name + " skipped: " + (SoftEtherCiphers.iana(name).isEmpty()
                        ? "not a cipher name EtherVPN knows" : "no installed cipher plugin offers it")
                        + "; kept " + describe(next.cipher()));
            }
        }
        report.add("not imported (no EtherVPN equivalent yet): the server and hub administrator passwords, the"
                + " server certificate, groups, policies (but for Access, which disables a user), access lists, SecureNAT's"
                + " per-hub limits (SecureNAT_Max*PerIp), IPsec/L2TP/OpenVPN/SSTP, DDNS, layer-3 switches");
        return new Result(next, hubs, listeners, bridges, cipher, report);
    }

    private static Optional<HubConfig> hub(SoftEtherFolder h, boolean replaces, Instant now, List<String> report) {
        String name = h.name();
        try {
            NameRules.hub(name);
        } catch (IllegalArgumentException e) {
            report.add("hub " + name + ": skipped: " + e.getMessage());
            return Optional.empty();
        }
        boolean online = h.bool("Online", true);
        long max = h.folder("Option").map(o -> o.uint("MaxSession", 0)).orElse(0L);
        List<String> notes = new ArrayList<>();
        List<UserConfig> users = new ArrayList<>();
        int password = 0;
        int anonymous = 0;
        int disabled = 0;
        for (SoftEtherFolder u : h.at("SecurityAccountDatabase/UserList").map(SoftEtherFolder::folders).orElse(List.of())) {
            Optional<UserConfig> user = user(u, h, now, notes);
            if (user.isPresent()) {
                users.add(user.get());
                if (!user.get().enabled()) {
                    disabled++;
                }
                if (user.get().auth() == UserAuthType.ANONYMOUS) {
                    anonymous++;
                } else {
                    password++;
                }
            }
        }
        List<CascadeConfig> cascades = new ArrayList<>();
        Set<String> cascadeNames = new HashSet<>();
        for (SoftEtherFolder c : h.folder("CascadeList").map(SoftEtherFolder::folders).orElse(List.of())) {
            cascade(c, name, notes).filter(x -> cascadeNames.add(NameRules.key(x.name()))).ifPresent(cascades::add);
        }
        boolean hidden = h.folder("Option").map(o -> o.bool("NoEnum", false)).orElse(false);
        SecureNatConfig secureNat = SoftEtherSecureNat.read(h, notes);
        HubConfig hub = new HubConfig(name, online, (int) Math.min(max, Integer.MAX_VALUE), users, cascades, "", hidden,
                secureNat);
        report.add("hub " + name + ": " + (replaces ? "replaces the existing hub" : "added") + ", " + (online ? "online" : "offline") + ", "
                + (max == 0 ? "no session limit" : "at most " + max + " sessions") + ", " + password
                + " password user(s), " + anonymous + " anonymous user(s)" + (disabled == 0 ? "" : " (" + disabled
                + " of them disabled)") + ", " + cascades.size() + " cascade(s)");
        if (h.folder("SecureNAT").isPresent()) {
            report.add("  SecureNAT (hub " + name + "): " + SoftEtherSecureNat.describe(secureNat));
        }
        report.addAll(notes);
        return Optional.of(hub);
    }

    /**
     * One user. Never opens an account SoftEther keeps closed: a user whose policy (its own, else
     * its group's, as SoftEther's login picks it) says {@code Access false}, or whose expiry has
     * passed, is imported disabled; an authentication type we lack is imported disabled without a
     * password. Each such user, and each with a group, a policy or a future expiry, gets a report
     * line saying what was and was not carried over.
     */
    private static Optional<UserConfig> user(SoftEtherFolder u, SoftEtherFolder hubFolder, Instant now,
            List<String> notes) {
        String what = "  user " + u.name() + " (hub " + hubFolder.name() + ")";
        long authType = u.uint("AuthType", -1);
        UserAuthType auth = UserAuthType.PASSWORD;
        byte[] hash = null;
        List<String> disabled = new ArrayList<>(); // why it cannot log in
        List<String> notCarried = new ArrayList<>();
        switch ((int) authType) {
            case 0 -> auth = UserAuthType.ANONYMOUS;
            case 1 -> {
                hash = u.bytes("AuthPassword");
                if (hash == null || hash.length != UserConfig.HASH_LENGTH) {
                    notes.add(what + ": has no valid password hash (AuthPassword); imported without a password"
                            + " (set one with vpn:userpasswordset)");
                    hash = null;
                }
            }
            default -> {
                disabled.add(authName(authType) + " is not supported by EtherVPN: imported without a password (give it"
                        + " one with vpn:userpasswordset, then vpn:userenable)");
                notCarried.add("its " + authName(authType));
            }
        }
        String group = u.string("GroupName", "");
        Optional<SoftEtherFolder> own = u.folder("Policy");
        Optional<SoftEtherFolder> groupPolicy = group.isEmpty() ? Optional.empty()
                : hubFolder.at("SecurityAccountDatabase/GroupList").flatMap(g -> g.folder(group))
                        .flatMap(g -> g.folder("Policy"));
        if (!group.isEmpty()) {
            notCarried.add("its group " + group + " (EtherVPN has no groups)");
        }
        if (own.isPresent()) {
            // SoftEther's login uses the user's own policy and then ignores its group's
            if (!access(own.get())) {
                disabled.add("its policy denies access (Access false)");
            }
            Optional<String> d = differences(own.get());
            if (d.isPresent()) {
                notCarried.add("its policy " + d.get());
            } else if (access(own.get())) {
                notes.add(what + ": its policy has SoftEther's default values: nothing is lost");
            }
        } else if (groupPolicy.isPresent()) {
            if (!access(groupPolicy.get())) {
                disabled.add("the policy of its group " + group + " denies access (Access false)");
            }
            differences(groupPolicy.get()).ifPresent(d -> notCarried.add("the policy of its group " + group + " " + d));
        }
        Instant expires = instant(u.uint64("ExpireTime", 0));
        String expiry = null;
        boolean expired = expires != null && !expires.isAfter(now);
        if (expired) {
            disabled.add("it expired at " + expires);
        } else if (expires != null) {
            expiry = "expires at " + expires + " (carried over: its logins are refused from then on)";
        }
        try {
            UserConfig user = new UserConfig(u.name(), auth, hash, u.string("RealName", ""), u.string("Note", ""),
                    instant(u.uint64("CreatedTime", 0)), u.uint("NumLogin", 0), instant(u.uint64("LastLoginTime", 0)),
                    disabled.isEmpty(), expires);
            if (!disabled.isEmpty()) {
                notes.add(what + ": imported DISABLED (cannot log in; " + (expired ? "a new expiry"
                        + " (vpn:userexpiresset) and vpn:userenable open it" : "vpn:userenable opens it") + "): "
                        + String.join("; ", disabled));
            }
            if (expiry != null) {
                notes.add(what + ": " + expiry);
            }
            if (!notCarried.isEmpty()) {
                notes.add(what + ": not carried over: " + String.join("; ", notCarried));
            }
            return Optional.of(user);
        } catch (IllegalArgumentException e) {
            notes.add(what + ": skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** SoftEther reads a missing {@code Access} of a policy folder as false: so do we (it keeps the account closed). */
    private static boolean access(SoftEtherFolder policy) {
        return policy.bool("Access", false);
    }

    /**
     * The items other than Access that differ from SoftEther's default policy ("MaxConnection=2,
     * TimeOut=60"), read as SoftEther does: a missing item is 0; MaxConnection and TimeOut 0 mean
     * their defaults (32, 20) at login.
     */
    static Optional<String> differences(SoftEtherFolder policy) {
        List<String> d = SoftEtherPolicy.differences(i -> {
            if (i.name().equals("Access")) {
                return -1;
            }
            long v = i.kind() == SoftEtherPolicy.Kind.BOOL ? (policy.bool(i.name(), false) ? 1 : 0)
                    : policy.uint(i.name(), 0);
            return v == 0 && (i.name().equals("MaxConnection") || i.name().equals("TimeOut")) ? -1 : v;
        });
        return d.isEmpty() ? Optional.empty() : Optional.of("(" + String.join(", ", d) + ")");
    }

    private static Optional<CascadeConfig> cascade(SoftEtherFolder c, String hub, List<String> notes) {
        Optional<SoftEtherFolder> opt = c.folder("ClientOption");
        Optional<SoftEtherFolder> auth = c.folder("ClientAuth");
        String name = opt.map(o -> o.string("AccountName", "")).filter(s -> !s.isEmpty()).orElse(c.name());
        String what = "  cascade " + name + " (hub " + hub + ")";
        if (opt.isEmpty() || auth.isEmpty()) {
            notes.add(what + ": skipped: no ClientOption or ClientAuth folder");
            return Optional.empty();
        }
        String user = auth.get().string("Username", "");
        long authType = auth.get().uint("AuthType", -1);
        byte[] hash;
        if (authType == 1) {
            hash = auth.get().bytes("HashedPassword");
        } else if (authType == 2) {
            String plain = auth.get().string("PlainPassword", "");
            hash = PasswordHash.hashedPassword(user, plain);
        } else {
            notes.add(what + ": skipped: " + authName(authType) + " login is not supported for cascades");
            return Optional.empty();
        }
        if (hash != null && hash.length != UserConfig.HASH_LENGTH) {
            hash = null;
        }
        boolean online = c.bool("Online", false);
        if (online && hash == null) {
            notes.add(what + ": has no valid password; imported offline (set it with vpn:cascadepasswordset)");
            online = false;
        }
        try {
            CascadeConfig cc = new CascadeConfig(name, opt.get().string("Hostname", ""), (int) opt.get().uint("Port", 0),
                    opt.get().string("HubName", ""), user, hash, online, SoftEtherCascadeOptions.of(c, opt.get(), what, notes));
            return Optional.of(cc);
        } catch (IllegalArgumentException e) {
            notes.add(what + ": skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String authName(long authType) {
        return switch ((int) authType) {
            case 2 -> "client certificate authentication (AuthType 2)";
            case 3 -> "signed certificate authentication (AuthType 3)";
            case 4 -> "RADIUS authentication (AuthType 4)";
            case 5 -> "Windows NT domain authentication (AuthType 5)";
            default -> "authentication type " + authType;
        };
    }

    private static Instant instant(long softEtherMillis) {
        return softEtherMillis <= 0 ? null : Instant.ofEpochMilli(softEtherMillis + SOFTETHER_EPOCH_SHIFT_MS);
    }

    private static String describe(CipherConfig c) {
        return "plugin " + c.provider() + (c.suites().isEmpty() ? " with its default suites" : " " + c.suites());
    }
}
