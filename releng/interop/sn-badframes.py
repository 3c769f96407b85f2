#!/usr/bin/env python3
"""sn-badframes.py - a misbehaving SecureNAT client (issue 17, bad input): writes
raw Ethernet frames on a VPN client's TAP (AF_PACKET; the VPN client reads them
and sends them into the hub) as the station MAC/IP that holds a DHCP lease:

  malformed   DHCP (truncated BOOTP, bad magic cookie, an option running past the
              end, no message type, hlen 255), ARP (runt, hlen/plen wrong, unknown
              operation, sender MAC not the frame's source), IPv4/TCP/UDP (IHL < 5,
              total length past the frame, bad header checksum, TCP data offset < 5,
              bad TCP and UDP checksums, a fragment): each ROUNDS times
  flows       FLOWS UDP datagrams to TARGET:9 from as many source ports, FLOWS TCP
              SYNs to TARGET:9 from as many source ports, FLOWS/4 ICMP echoes with
              distinct identifiers: far more flows than a per-client limit

Prints "malformed N flows N" (frames written).  Standard library only."""
import argparse
import random
import socket
import struct
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def mac(text):
    return bytes(int(x, 16) for x in text.replace("-", ":").split(":"))


def ip4(src, dst, proto, payload, ihl=5, total=None, ttl=64, frag=0x4000, bad_sum=False, ident=None):
    total = 20 + len(payload) if total is None else total
    ident = random.randrange(65536) if ident is None else ident
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, ident, frag, ttl, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    s = csum(h) ^ (0x5555 if bad_sum else 0)
    return h[:10] + struct.pack("!H", s) + h[12:] + payload


def l4sum(src, dst, proto, seg):
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, proto, len(seg))
    return csum(pseudo + seg)


def udp(src, dst, sport, dport, data, bad_sum=False):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    s = l4sum(src, dst, 17, seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", s ^ (0x00FF if bad_sum else 0)) + seg[8:]


def tcp(src, dst, sport, dport, flags, seq=None, offset=5, bad_sum=False, data=b""):
    seq = random.randrange(1 << 32) if seq is None else seq
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, offset << 4, flags, 65535, 0, 0) + data
    s = l4sum(src, dst, 6, seg)
    return seg[:16] + struct.pack("!H", s ^ (0x00FF if bad_sum else 0)) + seg[18:]


def icmp_echo(ident, seq):
    m = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"sn-badframes"
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


class Tap:
    def __init__(self, iface, src_mac):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.s.bind((iface, 0))
        self.src = src_mac
        self.n = 0

    def eth(self, dst, etype, payload, src=None):
        frame = dst + (src or self.src) + struct.pack("!H", etype) + payload
        self.s.send(frame)
        self.n += 1
        if self.n % 64 == 0:
            time.sleep(0.002)  # keep within the TAP's and the hub's queues: frames should arrive


def bootp(chaddr, op=1, hlen=6, cookie=b"\x63\x82\x53\x63", options=b"\x35\x01\x01\xff"):
    b = struct.pack("!BBBBIHH4s4s4s4s", op, 1, hlen, 0, random.randrange(1 << 32), 0, 0x8000,
                    b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4)
    return b + chaddr + b"\0" * 10 + b"\0" * 192 + cookie + options


def malformed(t, a, vh_mac):
    me, vh, bc = a.src_ip, a.vh_ip, b"\xff" * 6
    dhcp = [
        bootp(t.src)[:40],                                  # truncated BOOTP
        bootp(t.src, cookie=b"\x01\x02\x03\x04"),            # bad magic cookie
        bootp(t.src, options=b"\x35\x01\x01\x0c\xf0abc"),    # host name option running past the end
        bootp(t.src, options=b"\xff"),                       # no DHCP message type
        bootp(t.src, hlen=255),                              # hardware address length 255
        bootp(t.src, options=b"\x35\x01\x03\x32\x04\xff\xff\xff\xff\xff"),  # REQUEST for 255.255.255.255
    ]
    for d in dhcp:
        t.eth(bc, 0x0800, ip4("0.0.0.0", "255.255.255.255", 17, udp("0.0.0.0", "255.255.255.255", 68, 67, d)))
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + t.src + socket.inet_aton(me) + b"\0" * 6 + socket.inet_aton(vh)
    t.eth(bc, 0x0806, arp[:12])                                        # runt ARP
    t.eth(bc, 0x0806, arp[:4] + b"\x07\x05" + arp[6:])                 # hlen 7, plen 5
    t.eth(bc, 0x0806, arp[:6] + b"\x00\x07" + arp[8:])                 # operation 7
    t.eth(bc, 0x0806, arp[:8] + b"\x02\x00\x00\x00\x00\x99" + arp[14:])  # sender MAC is not the source
    syn = tcp(me, vh, 40000, 80, 0x02)
    t.eth(vh_mac, 0x0800, ip4(me, vh, 6, syn, ihl=3))                   # IHL < 5
    t.eth(vh_mac, 0x0800, ip4(me, vh, 6, syn, total=1400))              # total length past the frame
    t.eth(vh_mac, 0x0800, ip4(me, vh, 6, syn, bad_sum=True))            # bad header checksum
    t.eth(vh_mac, 0x0800, ip4(me, a.target, 6, tcp(me, a.target, 40001, 80, 0x02, offset=2)))    # data offset 2
    t.eth(vh_mac, 0x0800, ip4(me, a.target, 6, tcp(me, a.target, 40002, 80, 0x02, bad_sum=True)))  # bad TCP checksum
    t.eth(vh_mac, 0x0800, ip4(me, a.target, 6, tcp(me, a.target, 40003, 80, 0x03)))  # SYN+FIN
    t.eth(vh_mac, 0x0800, ip4(me, a.target, 17, udp(me, a.target, 40004, 53, b"x" * 20, bad_sum=True)))  # bad UDP checksum
    t.eth(vh_mac, 0x0800, ip4(me, a.target, 17, udp(me, a.target, 40005, 53, b"y" * 64), frag=0x2000))  # first fragment
    t.eth(vh_mac, 0x0800, ip4(me, vh, 1, b"\x08"))                      # ICMP shorter than its header
    return len(dhcp) + 4 + 9


def flows(t, a, vh_mac):
    me, n = a.src_ip, 0
    for i in range(a.flows):
        t.eth(vh_mac, 0x0800, ip4(me, a.target, 17, udp(me, a.target, 20000 + i, 9, b"flow %d" % i)))
        t.eth(vh_mac, 0x0800, ip4(me, a.target, 6, tcp(me, a.target, 20000 + i, 9, 0x02)))
        n += 2
    for i in range(a.flows // 4):
        t.eth(vh_mac, 0x0800, ip4(me, a.target, 1, icmp_echo(1000 + i, 1)))
        n += 1
    return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("iface")
    p.add_argument("--src-mac", required=True)
    p.add_argument("--src-ip", required=True)
    p.add_argument("--vh-ip", required=True)
    p.add_argument("--vh-mac", required=True)
    p.add_argument("--target", required=True, help="an address outside, reached through the NAT")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--flows", type=int, default=3000)
    a = p.parse_args()
    t = Tap(a.iface, mac(a.src_mac))
    vh_mac = mac(a.vh_mac)
    bad = sum(malformed(t, a, vh_mac) for _ in range(a.rounds))
    many = flows(t, a, vh_mac)
    print(f"malformed {bad} flows {many}")


if __name__ == "__main__":
    main()
