#!/usr/bin/env python3
"""ethervpn-config.py - write a first EtherVPN server.json (the server's configuration file, see
bundles/org.ethervpn.server/README.md): the given TCP listeners only, one hub, password users.

    ethervpn-config.py FILE --listener 5555 [--listener N...] --hub EVI [--user NAME PASSWORD]...

Password hashes are SoftEther's (base64 of SHA-0(password + upper-case user name)), computed with
the reference probe's hash_password (probe/se_probe.py).  Used by ethervpn-server.sh and the
product/server-test interop tests to start a server that never binds the default ports
443/992/1194/5555 unless asked to.
"""
import argparse
import base64
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "probe"))
import se_probe  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--listener", type=int, action="append", required=True)
    ap.add_argument("--hub", default="DEFAULT")
    ap.add_argument("--user", nargs=2, action="append", default=[], metavar=("NAME", "PASSWORD"))
    a = ap.parse_args()
    users = [{"name": u, "auth": "password",
              "passwordHash": base64.b64encode(se_probe.hash_password(u, p)).decode()} for u, p in a.user]
    cfg = {"format": "ethervpn-server-config", "version": 1,
           "listeners": [{"port": p, "enabled": True} for p in a.listener],
           "hubs": [{"name": a.hub, "online": True, "users": users}]}
    fd = os.open(a.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(cfg, f, indent=4)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
