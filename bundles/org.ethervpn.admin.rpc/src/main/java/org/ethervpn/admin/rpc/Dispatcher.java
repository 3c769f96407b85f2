package org.ethervpn.admin.rpc;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.pack.Pack;
import org.osgi.service.log.Logger;

/**
 * Routes a request PACK to its method by {@code function_name} (case-insensitive), checks the
 * caller's rights and turns failures into SoftEther's answer: {@code {error = N}} and nothing else
 * (admin spec §3). Unknown methods get 33, so vpncmd says "not supported" and carries on.
 */
final class Dispatcher {
    static final int ERR_INTERNAL = 23;
    static final int ERR_NOT_SUPPORTED = 33;
    static final int ERR_INVALID_PARAMETER = 38;
    static final int ERR_NOT_ENOUGH_RIGHT = 52;

    private record Entry(String name, Rights rights, String hubField, RpcMethod method) {
    }

    private final Map<String, Entry> methods = new HashMap<>();
    private final Logger log;

    Dispatcher(Logger log) {
        this.log = log;
    }

    /** @param hubField the request field naming the hub, for {@link Rights#HUB} checks */
    Dispatcher add(String name, Rights rights, String hubField, RpcMethod method) {
        if (methods.put(name.toLowerCase(Locale.ROOT), new Entry(name, rights, hubField, method)) != null) {
            throw new IllegalStateException("method " + name + " registered twice");
        }
        return this;
    }

    Set<String> names() {
        return Set.copyOf(methods.values().stream().map(Entry::name).toList());
    }

    Pack dispatch(Pack request, AdminCaller caller) {
        String name = request.getStr("function_name");
        Entry e = methods.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            log.debug("Admin RPC from {}: unknown method \"{}\"", caller.from(), abbreviate(name));
            return error(ERR_NOT_SUPPORTED);
        }
        if (!caller.isServerAdmin()) {
            if (e.rights() == Rights.SERVER) {
                return error(ERR_NOT_ENOUGH_RIGHT);
            }
            if (e.rights() == Rights.HUB) {
                String hub = request.getStr(e.hubField());
                if (hub.isEmpty()) {
                    return error(ERR_INVALID_PARAMETER);
                }
                if (!hub.equalsIgnoreCase(caller.hub())) {
                    return error(ERR_NOT_ENOUGH_RIGHT);
                }
            }
        }
        try {
            return e.method().call(request, caller);
        } catch (AdminException x) {
            log.debug("Admin RPC {} from {}: error {}: {}", e.name(), caller.from(), x.error().code(), x.getMessage());
            return error(x.error().code());
        } catch (IllegalArgumentException x) {
            log.debug("Admin RPC {} from {}: invalid parameter: {}", e.name(), caller.from(), x.getMessage());
            return error(ERR_INVALID_PARAMETER);
        } catch (RuntimeException x) {
            log.error("Admin RPC {} from {} failed", e.name(), caller.from(), x);
            return error(ERR_INTERNAL);
        }
    }

    static Pack error(int code) {
        return new Pack().addInt("error", code);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
