package org.ethervpn.server;

import java.util.Arrays;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.CascadeInfo;
import org.ethervpn.api.admin.CascadeOptions;
import org.ethervpn.api.client.ProxyType;
import org.ethervpn.api.transport.Endpoint;
import org.ethervpn.protocol.PasswordHash;
import org.ethervpn.server.config.CascadeConfig;
import org.ethervpn.server.config.HubConfig;

/** A hub's cascades to other hubs: destination, password, options, online. */
interface CascadesAdmin extends AdminArea {
    @Override
    default List<CascadeInfo> cascadeList(String hub) {
        HubConfig h = hub(hub);
        return h.cascades().stream().map(c -> info(h, c)).toList();
    }

    @Override
    default CascadeInfo cascadeGet(String hub, String cascade) {
        HubConfig h = hub(hub);
        return info(h, cascade(h, cascade));
    }

    @Override
    default void cascadeCreate(String hub, String cascade, String server, String remoteHub, String user) {
        HubConfig h = hub(hub);
        if (h.cascade(cascade).isPresent()) {
            throw new AdminException(AdminError.LINK_ALREADY_EXISTS, "hub " + h.name() + " has a cascade " + cascade);
        }
        CascadeConfig c = valid(() -> {
            Endpoint e = Endpoint.parse(server);
            return CascadeConfig.create(cascade, e.host(), e.port(), remoteHub, user);
        });
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withCascade(c)), cfg -> { });
    }

    @Override
    default void cascadePasswordSet(String hub, String cascade, char[] password) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        byte[] hash = PasswordHash.hashedPassword(c.user(), new String(password));
        Arrays.fill(password, '\0');
        putCascade(h, c.withPasswordHash(hash));
    }

    @Override
    default void cascadeSet(String hub, String cascade, String server, String remoteHub, String user) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        boolean sameUser = c.user().equalsIgnoreCase(user);
        CascadeConfig next = valid(() -> {
            Endpoint e = Endpoint.parse(server);
            return new CascadeConfig(c.name(), e.host(), e.port(), remoteHub, user, sameUser ? c.passwordHash() : null,
                    c.online() && sameUser, c.options());
        });
        if (!next.equals(c)) {
            putCascade(h, next); // an online cascade restarts, so it reconnects to the new destination
        }
    }

    @Override
    default void cascadeOptionsSet(String hub, String cascade, CascadeOptions options) {
        if (options == null) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "no cascade options given");
        }
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        if (options.proxy() != ProxyType.DIRECT) {
            try {
                Endpoint.parse(options.proxyServer());
            } catch (IllegalArgumentException e) {
                throw new AdminException(AdminError.INVALID_PARAMETER, "proxy server \"" + options.proxyServer()
                        + "\": " + e.getMessage());
            }
        }
        if (options.serverCert() != null) {
            CascadeTrust.certificate(options.serverCert()); // 38 if it is not a certificate
            if (options.checkServerCert() && options.defaultCa()) {
                throw new AdminException(AdminError.NOT_SUPPORTED, "AddDefaultCA: a pinned server certificate"
                        + " (ServerCert) and the default CAs cannot be combined here; remove one");
            }
        }
        CascadeConfig next = c.withOptions(options);
        if (!next.equals(c)) {
            putCascade(h, next); // an online cascade restarts, so it reconnects with the new options
        }
    }

    @Override
    default void cascadePasswordHashSet(String hub, String cascade, byte[] hash) {
        if (hash == null || hash.length != PasswordHash.LENGTH) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "a password hash has " + PasswordHash.LENGTH + " bytes");
        }
        HubConfig h = hub(hub);
        putCascade(h, cascade(h, cascade).withPasswordHash(hash.clone()));
    }

    @Override
    default void cascadeSetOnline(String hub, String cascade, boolean online) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        if (online && !c.hasPassword()) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "set the cascade's password first (cascadepasswordset)");
        }
        putCascade(h, c.withOnline(online));
    }

    @Override
    default void cascadeDelete(String hub, String cascade) {
        HubConfig h = hub(hub);
        CascadeConfig c = cascade(h, cascade);
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withoutCascade(c.name())),
                cfg -> core().hubs().get(h.name()).stopCascade(c.name()));
    }

    /** Saves the cascade, then (re)starts or stops it to match. */
    private void putCascade(HubConfig h, CascadeConfig c) {
        change(cfg -> replaceHub(cfg, h.name(), cfg.hub(h.name()).orElseThrow().withCascade(c)), cfg -> {
            HubRuntime r = core().hubs().get(h.name());
            if (c.online() && h.online()) {
                core().startCascade(r, c);
            } else {
                r.stopCascade(c.name());
            }
        });
    }

    private CascadeConfig cascade(HubConfig h, String name) {
        return h.cascade(name).orElseThrow(() -> new AdminException(AdminError.OBJECT_NOT_FOUND,
                "hub " + h.name() + " has no cascade " + name));
    }

    private CascadeInfo info(HubConfig h, CascadeConfig c) {
        Cascade running = core().hubs().get(h.name()).cascade(c.name());
        if (running != null) {
            return running.info();
        }
        return new CascadeInfo(h.name(), c.name(), c.host() + ":" + c.port(), c.remoteHub(), c.user(), c.online(),
                c.online() ? "hub offline" : "offline", "-", 0, null, c.options().withoutSecrets());
    }
}
