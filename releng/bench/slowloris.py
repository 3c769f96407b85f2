#!/usr/bin/env python3
"""slowloris.py - stalled handshakes against a SoftEther-compatible server (issue 16, faults).

Opens SILENT connections that send nothing, HELLO connections that stop inside a TLS
ClientHello (the record announces more bytes than are sent) and WATERMARK connections that finish
TLS and stop halfway through the watermark POST. Prints "opened N in MS ms", then waits until the
server has closed every one (EOF or reset) or LIMIT seconds have passed, and prints one line:
"closed C of N; first after F ms, last after L ms" (times from the moment all were open).
Exit status 0 when all were closed. Only ever point it at a server you run yourself.

Usage: slowloris.py HOST PORT [SILENT HELLO WATERMARK LIMIT]   (default 1000 900 100 60)
"""
import resource
import selectors
import socket
import ssl
import sys
import time

HALF_HELLO = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x11, 0x22])
WATERMARK_HEAD = (b"POST /vpnsvc/connect.cgi HTTP/1.1\r\nContent-Type: image/jpeg\r\n"
                  b"Content-Length: 1411\r\n\r\n")


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    silent, hello, water, limit = (int(a) for a in (sys.argv[3:7] or (1000, 900, 100, 60)))
    total = silent + hello + water
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < total + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, total + 1000), hard))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    for i in range(total):
        s = socket.create_connection((host, port), timeout=10)
        if i < water:
            s = ctx.wrap_socket(s)
            s.sendall(WATERMARK_HEAD + bytes(700))  # half the watermark's body
        elif i < water + hello:
            s.sendall(HALF_HELLO)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    opened = time.monotonic()
    print(f"opened {total} in {int((opened - start) * 1000)} ms", flush=True)
    closed, first, last = 0, None, None
    while closed < total and time.monotonic() - opened < limit:
        for key, _ in sel.select(0.5):
            try:
                eof = key.fileobj.recv(4096) == b""
            except ssl.SSLWantReadError:
                continue
            except OSError:
                eof = True
            if eof:
                now = int((time.monotonic() - opened) * 1000)
                first = now if first is None else first
                last = now
                closed += 1
                sel.unregister(key.fileobj)
                key.fileobj.close()
    print(f"closed {closed} of {total}; first after {first} ms, last after {last} ms", flush=True)
    sys.exit(0 if closed == total else 1)


if __name__ == "__main__":
    main()
