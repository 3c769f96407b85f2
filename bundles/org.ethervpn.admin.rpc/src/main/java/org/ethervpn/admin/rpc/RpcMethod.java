package org.ethervpn.admin.rpc;

import org.ethervpn.api.admin.AdminCaller;
import org.ethervpn.pack.Pack;

/** One admin RPC method: the request's fields in, the answer's fields out; failures throw AdminException. */
@FunctionalInterface
interface RpcMethod {
    Pack call(Pack request, AdminCaller caller);
}
