package org.ethervpn.admin.rpc;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ethervpn.admin.wire.ErrorWire;
import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.api.admin.AdminError;
import org.ethervpn.api.admin.AdminException;
import org.ethervpn.pack.Pack;
import org.osgi.service.log.Logger;

/**
 * Routes a request PACK to its method by {@code function_name} (case-insensitive), checks the
 * caller's rights and turns failures into SoftEther's answer {@code {error = N}} (admin spec §3),
 * with the reason in {@code ErrorText} (a SoftEther client reads only the code; ours shows the
 * reason). Unknown methods get 33, so vpncmd says "not supported" and carries on.
 */
final class Dispatcher {
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

    /** A call's outcome: the answer, or SoftEther's error code with what went wrong in words. */
    record Outcome(Pack answer, int error, String message) {
        static Outcome failed(int error, String message) {
            return new Outcome(null, error, message);
        }

        /** The binary RPC's answer: on failure {@code {error = N, ErrorText = why}}. */
        Pack pack() {
            return answer != null ? answer : ErrorWire.write(error, message);
        }
    }

    /** For the binary RPC. */
    Pack dispatch(Pack request, AdminCaller caller) {
        return call(request, caller).pack();
    }

    Outcome call(Pack request, AdminCaller caller) {
        String name = request.getStr("function_name");
        Entry e = methods.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            log.debug("Admin RPC from {}: unknown method \"{}\"", caller.from(), abbreviate(name));
            return Outcome.failed(AdminError.NOT_SUPPORTED.code(), "there is no method \"" + abbreviate(name) + "\" (or it is not supported)");
        }
        if (!caller.isServerAdmin()) {
            if (e.rights() == Rights.SERVER) {
                return Outcome.failed(AdminError.NOT_ENOUGH_RIGHT.code(), e.name() + " is for the server administrator only");
            }
            if (e.rights() == Rights.HUB) {
                String hub = request.getStr(e.hubField());
                if (hub.isEmpty()) {
                    return Outcome.failed(AdminError.INVALID_PARAMETER.code(), e.hubField() + " is missing");
                }
                if (!hub.equalsIgnoreCase(caller.hub())) {
                    return Outcome.failed(AdminError.NOT_ENOUGH_RIGHT.code(), "a hub administrator of " + caller.hub()
                            + " cannot manage hub " + hub);
                }
            }
        }
        try {
            return new Outcome(e.method().call(request, caller), 0, null);
        } catch (AdminException x) {
            log.debug("Admin RPC {} from {}: error {}: {}", e.name(), caller.from(), x.error().code(), x.getMessage());
            return Outcome.failed(x.error().code(), x.getMessage());
        } catch (IllegalArgumentException x) {
            log.debug("Admin RPC {} from {}: invalid parameter: {}", e.name(), caller.from(), x.getMessage());
            return Outcome.failed(AdminError.INVALID_PARAMETER.code(), x.getMessage());
        } catch (RuntimeException x) {
            log.error("Admin RPC {} from {} failed", e.name(), caller.from(), x);
            return Outcome.failed(AdminError.INTERNAL_ERROR.code(), "internal error (see the server log)");
        }
    }

    static Pack error(int code) {
        return ErrorWire.write(code, null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
