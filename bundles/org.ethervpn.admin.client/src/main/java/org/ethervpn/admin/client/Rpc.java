package org.ethervpn.admin.client;

import org.ethervpn.pack.Pack;

/** One admin RPC call by name; failures throw {@link RpcFailure}. A seam so the mapping is testable without sockets. */
@FunctionalInterface
public interface Rpc {
    Pack call(String function, Pack request);
}
