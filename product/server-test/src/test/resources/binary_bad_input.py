"""Bad input over the binary admin RPC, with the reference probe's client (releng/interop/probe).

Prints one line per case, "case=<error code>" (0 = accepted), for JsonRpcAgainstOursTest.
argv: probe_dir port password
"""
import socket
import struct
import sys

sys.path.insert(0, sys.argv[1])
from se_admin_probe import BinaryAdmin, Pack  # noqa: E402

port, password = int(sys.argv[2]), sys.argv[3]


def code(answer):
    return answer.get("error", default=0)


adm = BinaryAdmin("127.0.0.1", port, password).connect()
print("unknown=%d" % code(adm.call("NoSuchMethod")))
print("missing=%d" % code(adm.call("CreateHub", Pack().bool("Online", True))))
print("wrongtype=%d" % code(adm.call("CreateHub", Pack().int("HubName", 5))))
print("badname=%d" % code(adm.call("CreateHub", Pack().str("HubName", "bad name!"))))
print("badport=%d" % code(adm.call("CreateListener", Pack().int("Port", 70000).bool("Enable", True))))
huge = Pack()
for i in range(100000):
    huge.str("HubName", "H%d" % i, index=i, total=100000)
print("huge=%d" % code(adm.call("CreateHub", huge)))
print("after=%d" % code(adm.call("Test", Pack().int("IntValue", 7))))
adm.close()

# a frame header announcing 2 GiB: the server refuses it and closes; a new login still works
adm = BinaryAdmin("127.0.0.1", port, password).connect()
adm.sock.sendall(struct.pack(">I", 0x7FFFFFF0) + b"x" * 1024)
adm.sock.settimeout(15)
try:
    closed = adm.sock.recv(1) == b""
except (ConnectionError, socket.timeout, OSError):
    closed = True
print("oversized=%d" % (1 if closed else 0))
again = BinaryAdmin("127.0.0.1", port, password).connect()
print("relogin=%d" % code(again.call("Test", Pack().int("IntValue", 7))))
again.close()
