#!/usr/bin/env python3
"""sn-dnsburst.py - a burst of DNS A queries over UDP (the SecureNAT tests'
UDP check): COUNT queries for NAME to SERVER:53 from SOCKETS sockets (each one
UDP flow through the NAT), at most WINDOW outstanding per socket, each answer
matched by its ID and required to hold an A record.  Prints one line
"sent N answered M lost L rtt_ms_median X" and exits 0 when M >= COUNT * MIN_PCT / 100."""
import argparse
import os
import select
import socket
import statistics
import struct
import time


def query(qid, name):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", 1, 1)


def has_a_record(msg):
    """True for a NOERROR response with at least one answer."""
    if len(msg) < 12:
        return False
    flags, _, an = struct.unpack(">HHH", msg[2:8])
    return bool(flags & 0x8000) and (flags & 0x000F) == 0 and an > 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("server")
    p.add_argument("name")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--sockets", type=int, default=4)
    p.add_argument("--window", type=int, default=10)
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--min-pct", type=float, default=100.0)
    a = p.parse_args()
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(a.sockets)]
    for s in socks:
        s.connect((a.server, 53))
        s.setblocking(False)
    per = [a.count // a.sockets + (1 if i < a.count % a.sockets else 0) for i in range(a.sockets)]
    todo = {s: list(range(n)) for s, n in zip(socks, per)}
    pending = {}  # (sock, id) -> send time
    base = struct.unpack(">H", os.urandom(2))[0]
    rtts, answered, sent = [], 0, 0
    last = time.monotonic()
    while (any(todo.values()) or pending) and time.monotonic() - last < a.timeout:
        for i, s in enumerate(socks):
            while todo[s] and sum(1 for k in pending if k[0] is s) < a.window:
                qid = (base + i * 4096 + todo[s].pop(0)) & 0xFFFF
                s.send(query(qid, a.name))
                pending[(s, qid)] = time.monotonic()
                sent += 1
        ready, _, _ = select.select(socks, [], [], 0.1)
        for s in ready:
            try:
                msg = s.recv(2048)
            except OSError:
                continue
            qid = struct.unpack(">H", msg[:2])[0] if len(msg) >= 2 else -1
            t = pending.pop((s, qid), None)
            if t is not None and has_a_record(msg):
                answered += 1
                rtts.append((time.monotonic() - t) * 1000)
                last = time.monotonic()
    median = statistics.median(rtts) if rtts else float("nan")
    print(f"sent {sent} answered {answered} lost {a.count - answered} rtt_ms_median {median:.2f}")
    return 0 if answered >= a.count * a.min_pct / 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
