package org.ethervpn.client.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.ethervpn.api.adapter.VirtualAdapter;
import org.ethervpn.api.adapter.VirtualAdapterFactory;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.client.AccountInfo;
import org.ethervpn.api.client.AccountSettings;
import org.ethervpn.api.client.AccountStatus;
import org.ethervpn.api.client.NicInfo;
import org.ethervpn.api.client.VpnClientAdmin;
import org.ethervpn.config.ConfigException;
import org.ethervpn.config.ConfigFile;
import org.ethervpn.protocol.PasswordHash;
import org.osgi.service.log.Logger;

import io.netty.buffer.PooledByteBufAllocator;

/**
 * The VPN client: accounts (saved in {@code client.json} before any change takes effect), virtual
 * adapters, and one reconnecting connection per active account. Accounts that were connected when the
 * client stopped are connected again when it starts (SoftEther's "startup" accounts, automatic here).
 */
final class ClientCore implements VpnClientAdmin, AutoCloseable {
    private final ConfigFile<ClientConfig> store;
    private final ClientPlugins plugins;
    private final Logger log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ethervpn-client-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Nic> nics = new HashMap<>();
    private final Map<String, String> nicErrors = new HashMap<>();
    private final Map<String, AccountRuntime> active = new HashMap<>();
    private final boolean adapterOnEventLoop;
    private ClientConfig config = ClientConfig.empty();
    private String configError;

    ClientCore(Path file, ClientPlugins plugins, Logger log) {
        this(file, plugins, log, true);
    }

    /** @param adapterOnEventLoop see {@link ClientSettings#adapterOnEventLoop()} */
    ClientCore(Path file, ClientPlugins plugins, Logger log, boolean adapterOnEventLoop) {
        this.adapterOnEventLoop = adapterOnEventLoop;
        this.store = new ConfigFile<>(file, "client configuration", new ClientJson());
        this.plugins = plugins;
        this.log = log;
    }

    /** Loads the configuration, creates the adapters and reconnects the startup accounts. */
    synchronized void start() {
        try {
            config = store.load();
        } catch (ConfigException e) {
            configError = e.getMessage();
            log.error("{}", e.getMessage());
            return;
        }
        createAdapters(config.nics());
        log.info("EtherVPN client started: {} accounts, {} virtual adapters", config.accounts().size(), nics.size());
    }

    /**
     * The configured adapter plugin was bound after {@link #start()} (a bundle such as org.ethervpn.tap
     * registers its plugins one after the other): creates the adapters that failed and connects their
     * startup accounts.
     */
    synchronized void adapterPluginBound() {
        if (configError == null && !nicErrors.isEmpty()) {
            createAdapters(List.copyOf(nicErrors.keySet()));
        }
    }

    /** Opens {@code names} (recording failures in nicErrors), then connects the startup accounts that use them. */
    private void createAdapters(List<String> names) {
        for (String nic : names) {
            try {
                nics.put(nic, openNic(nic));
                nicErrors.remove(nic);
            } catch (AdminException e) {
                nicErrors.put(nic, e.getMessage());
                log.error("Virtual adapter {} cannot be created: {}", nic, e.getMessage());
            }
        }
        for (AccountConfig a : config.accounts()) {
            if (a.startup() && names.contains(a.settings().nic()) && !active.containsKey(key(a.name()))) {
                try {
                    activate(a);
                } catch (AdminException e) {
                    log.error("Account {} cannot be connected: {}", a.name(), e.getMessage());
                }
            }
        }
    }

    /** Why the configuration could not be loaded, or null. */
    synchronized String configError() {
        return configError;
    }

    @Override
    public synchronized void close() {
        active.values().forEach(AccountRuntime::close);
        active.clear();
        nics.values().forEach(Nic::close);
        nics.clear();
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- accounts

    @Override
    public synchronized List<AccountInfo> accountList() {
        return config.accounts().stream().map(a -> new AccountInfo(a.name(), state(a.name()), a.settings().server(),
                a.settings().hub(), a.settings().nic())).toList();
    }

    @Override
    public synchronized AccountSettings accountGet(String name) {
        return account(name).settings().withoutSecrets();
    }

    @Override
    public synchronized void accountCreate(AccountSettings settings) {
        Accounts.validate(settings);
        if (config.account(settings.name()).isPresent()) {
            throw new AdminException(AdminError.ACCOUNT_ALREADY_EXISTS, "account " + settings.name() + " already exists");
        }
        save(config.with(stored(settings, new byte[0])));
    }

    @Override
    public synchronized void accountSet(AccountSettings settings) {
        AccountConfig old = account(settings.name());
        Accounts.validate(settings);
        if (settings.auth() == AccountSettings.Auth.PASSWORD && settings.password().isEmpty()
                && !settings.user().equalsIgnoreCase(old.settings().user())) {
            // SoftEther's stored hash is salted with the user name
            throw new AdminException(AdminError.INVALID_PARAMETER, "password: a new user name needs the password again");
        }
        AccountSettings s = settings.password().isEmpty() && settings.auth() == old.settings().auth()
                ? settings.toBuilder().password(old.settings().password()).build() : settings;
        AccountSettings p = s.proxyPassword().isEmpty() ? s.toBuilder().proxyPassword(old.settings().proxyPassword()).build() : s;
        AccountConfig next = stored(p, old.passwordHash());
        save(config.with(new AccountConfig(next.settings(), next.passwordHash(), old.startup())));
    }

    @Override
    public synchronized void accountDelete(String name) {
        AccountConfig a = account(name);
        if (active.containsKey(key(a.name()))) {
            throw new AdminException(AdminError.ACCOUNT_ACTIVE, "account " + a.name() + " is connected; disconnect it first");
        }
        save(config.withoutAccount(a.name()));
    }

    @Override
    public synchronized void accountConnect(String name) {
        AccountConfig a = account(name);
        if (active.containsKey(key(a.name()))) {
            throw new AdminException(AdminError.ACCOUNT_ACTIVE, "account " + a.name() + " is already connected or connecting");
        }
        AccountConfig startup = a.withStartup(true);
        save(config.with(startup));
        try {
            activate(startup);
        } catch (AdminException e) {
            save(config.with(a.withStartup(false)));
            throw e;
        }
    }

    @Override
    public synchronized void accountDisconnect(String name) {
        AccountConfig a = account(name);
        AccountRuntime r = active.get(key(a.name()));
        if (r == null) {
            throw new AdminException(AdminError.ACCOUNT_INACTIVE, "account " + a.name() + " is not connected");
        }
        save(config.with(a.withStartup(false)));
        active.remove(key(a.name()));
        r.close();
        log.info("Account {} disconnected", a.name());
    }

    @Override
    public synchronized AccountStatus accountStatus(String name) {
        AccountConfig a = account(name);
        AccountRuntime r = active.get(key(a.name()));
        return r != null ? r.status()
                : new AccountStatus(a.name(), AccountStatus.State.OFFLINE, "", null, "", 0, false, false, false, 0, "",
                        List.of());
    }

    /** A password given in the settings becomes SoftEther's hash unless the server needs it in plain. */
    private static AccountConfig stored(AccountSettings s, byte[] oldHash) {
        return switch (s.auth()) {
            case PASSWORD -> new AccountConfig(s.toBuilder().password("").build(), s.password().isEmpty() ? oldHash
                    : PasswordHash.hashedPassword(s.user(), s.password()), false);
            case PLAIN_PASSWORD -> new AccountConfig(s, new byte[0], false);
            case ANONYMOUS -> new AccountConfig(s.toBuilder().password("").build(), new byte[0], false);
        };
    }

    private void activate(AccountConfig a) {
        Nic nic = nics.get(a.settings().nic());
        if (nic == null) {
            throw new AdminException(AdminError.VLAN_FOR_ACCOUNT_NOT_FOUND, "virtual adapter " + a.settings().nic()
                    + " of account " + a.name() + " does not exist" + (nicErrors.containsKey(a.settings().nic())
                            ? " (" + nicErrors.get(a.settings().nic()) + ")" : "; create it with niccreate"));
        }
        if (nic.owner() != null) {
            throw new AdminException(AdminError.VLAN_FOR_ACCOUNT_USED, "virtual adapter " + nic.name()
                    + " is in use by account " + nic.owner());
        }
        AccountRuntime r = new AccountRuntime(a, plugins, nic, timer, log);
        active.put(key(a.name()), r);
        r.start();
        log.info("Account {} connecting to {} hub {} on {}", a.name(), a.settings().server(), a.settings().hub(),
                nic.name());
    }

    private AccountStatus.State state(String name) {
        AccountRuntime r = active.get(key(name));
        return r == null ? AccountStatus.State.OFFLINE : r.state();
    }

    private AccountConfig account(String name) {
        return config.account(name).orElseThrow(() -> new AdminException(AdminError.ACCOUNT_NOT_FOUND,
                "account " + name + " does not exist"));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- adapters

    @Override
    public synchronized List<NicInfo> nicList() {
        List<NicInfo> out = new ArrayList<>();
        for (String n : config.nics()) {
            Nic nic = nics.get(n);
            String status = nic == null ? "error: " + nicErrors.getOrDefault(n, "not created")
                    : nic.owner() == null ? "ready" : "in use by " + nic.owner();
            out.add(new NicInfo(n, status));
        }
        return out;
    }

    @Override
    public synchronized void nicCreate(String name) {
        if (config.nic(name).isPresent()) {
            throw new AdminException(AdminError.VLAN_ALREADY_EXISTS, "virtual adapter " + name + " already exists");
        }
        Nic nic = openNic(name);
        try {
            save(config.withNic(name));
        } catch (AdminException e) {
            nic.close();
            throw e;
        }
        nics.put(name, nic);
        log.info("Virtual adapter {} created", name);
    }

    @Override
    public synchronized void nicDelete(String name) {
        if (config.nic(name).isEmpty()) {
            throw new AdminException(AdminError.OBJECT_NOT_FOUND, "virtual adapter " + name + " does not exist");
        }
        Nic nic = nics.get(name);
        if (nic != null && nic.owner() != null) {
            throw new AdminException(AdminError.VLAN_IS_USED, "virtual adapter " + name + " is in use by account "
                    + nic.owner() + "; disconnect it first");
        }
        save(config.withoutNic(name));
        nicErrors.remove(name);
        if (nics.remove(name) != null) {
            nic.close();
        }
        log.info("Virtual adapter {} deleted", name);
    }

    private Nic openNic(String name) {
        VirtualAdapterFactory factory = plugins.adapters().orElseThrow(() -> new AdminException(
                AdminError.VLAN_INSTALL_ERROR, "no virtual adapter plugin is installed"));
        VirtualAdapter adapter;
        try {
            adapter = factory.open(name);
        } catch (IOException | IllegalArgumentException e) {
            throw new AdminException(AdminError.VLAN_INSTALL_ERROR, "cannot create virtual adapter " + name + ": "
                    + e.getMessage(), e);
        }
        return new Nic(name, adapter, PooledByteBufAllocator.DEFAULT, adapterOnEventLoop);
    }

    // ---------------------------------------------------------------- persistence

    private void save(ClientConfig next) {
        if (configError != null) {
            throw new AdminException(AdminError.INTERNAL_ERROR, "the configuration could not be loaded, so nothing is"
                    + " changed: " + configError);
        }
        try {
            store.save(next);
        } catch (IOException e) {
            throw new AdminException(AdminError.INTERNAL_ERROR, e.getMessage(), e);
        }
        config = next;
    }
}
