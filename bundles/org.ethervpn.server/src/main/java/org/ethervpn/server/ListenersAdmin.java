package org.ethervpn.server;

import java.util.ArrayList;
import java.util.List;

import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.api.admin.ListenerInfo;
import org.ethervpn.server.config.ListenerConfig;

/** The TCP listeners. */
interface ListenersAdmin extends AdminArea {
    @Override
    default List<ListenerInfo> listenerList() {
        return core().listeners().list(config().listeners());
    }

    @Override
    default void listenerCreate(int port) {
        checkPort(port);
        if (listener(port) != null) {
            throw new AdminException(AdminError.LISTENER_ALREADY_EXISTS, "a listener on TCP port " + port + " exists");
        }
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.add(new ListenerConfig(port, true));
        setListeners(next);
    }

    @Override
    default void listenerDelete(int port) {
        ListenerConfig l = existingListener(port);
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.remove(l);
        setListeners(next);
    }

    @Override
    default void listenerSetEnabled(int port, boolean enabled) {
        ListenerConfig l = existingListener(port);
        List<ListenerConfig> next = new ArrayList<>(config().listeners());
        next.set(next.indexOf(l), new ListenerConfig(port, enabled));
        setListeners(next);
    }

    private ListenerConfig listener(int port) {
        return config().listeners().stream().filter(l -> l.port() == port).findFirst().orElse(null);
    }

    private ListenerConfig existingListener(int port) {
        ListenerConfig l = listener(port);
        if (l == null) {
            throw new AdminException(AdminError.LISTENER_NOT_FOUND, "no listener on TCP port " + port);
        }
        return l;
    }

    private void setListeners(List<ListenerConfig> next) {
        change(c -> c.withListeners(next), c -> core().listeners().apply(c.listeners()));
    }

    private void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new AdminException(AdminError.INVALID_PARAMETER, "port " + port + " is not within 1..65535");
        }
    }
}
