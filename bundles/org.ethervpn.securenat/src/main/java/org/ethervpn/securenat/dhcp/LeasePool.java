package org.ethervpn.securenat.dhcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * The addresses {@code start..end} and who holds them. One entry per MAC at most (an offer or a
 * bound lease), one per address (a MAC's entry, or an address a client declined), so the pool is
 * never given to one MAC twice and never holds more entries than addresses. An address a station on
 * the hub is seen using (the engine's ARP table) is not handed to another MAC. Times are the
 * engine's nanoseconds. Not thread-safe: the engine's loop only.
 */
final class LeasePool {
    /** How long an offer holds its address for the client's REQUEST (SoftEther: 5 s; VPN paths are slower). */
    static final long OFFER_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Offers held at once: a flood of DISCOVERs from random MACs holds at most this many addresses. */
    static final int MAX_OFFERS = 256;
    static final long DECLINED = -1;

    static final class Lease {
        final long mac;
        final int ip;
        int id;
        boolean bound;
        long leased;
        long expires;
        String hostname = "";

        Lease(long mac, int ip) {
            this.mac = mac;
            this.ip = ip;
        }
    }

    private final int start;
    private final int end;
    private final long leaseNanos;
    private final IntToLongFunction stationMac;
    private final Map<Long, Lease> byMac = new HashMap<>();
    private final Map<Integer, Lease> byIp = new HashMap<>();
    private int offers;
    private int nextId;

    LeasePool(int start, int end, int leaseSeconds, IntToLongFunction stationMac) {
        this.start = start;
        this.end = end;
        this.leaseNanos = TimeUnit.SECONDS.toNanos(leaseSeconds);
        this.stationMac = stationMac;
    }

    long size() {
        return (end & 0xFFFF_FFFFL) - (start & 0xFFFF_FFFFL) + 1;
    }

    boolean inPool(int ip) {
        return Integer.compareUnsigned(ip, start) >= 0 && Integer.compareUnsigned(ip, end) <= 0;
    }

    /** Whether {@code mac} may hold {@code ip}: in the pool, not another MAC's entry, no other station on it. */
    boolean usable(int ip, long mac) {
        if (!inPool(ip)) {
            return false;
        }
        Lease l = byIp.get(ip);
        if (l != null && l.mac != mac) {
            return false;
        }
        long seen = stationMac.applyAsLong(ip);
        return seen == 0 || seen == mac;
    }

    Lease byMac(long mac) {
        return byMac.get(mac);
    }

    Lease byIp(int ip) {
        return byIp.get(ip);
    }

    /**
     * DISCOVER: the address to offer (the requested one if {@code mac} may have it, else the one it
     * holds, else the lowest free one), held for {@link #OFFER_NANOS}; 0 when none is free.
     */
    int offer(long mac, int requested, long now) {
        Lease mine = byMac.get(mac);
        int ip = 0;
        if (requested != 0 && usable(requested, mac)) {
            ip = requested;
        } else if (mine != null && usable(mine.ip, mac)) {
            ip = mine.ip;
        }
        if (mine != null && mine.ip == ip) {
            if (!mine.bound) {
                mine.expires = now + OFFER_NANOS;
            }
            return ip;
        }
        if (offers - (mine != null && !mine.bound ? 1 : 0) >= MAX_OFFERS) {
            return 0;
        }
        if (ip == 0 && (ip = free(mac)) == 0) {
            return 0;
        }
        remove(mine);
        Lease l = new Lease(mac, ip);
        l.leased = now;
        l.expires = now + OFFER_NANOS;
        put(l);
        return ip;
    }

    /** REQUEST: binds {@code ip} to {@code mac} for the lease time if it may have it; false otherwise. */
    boolean bind(long mac, int ip, String hostname, long now) {
        if (!usable(ip, mac)) {
            return false;
        }
        Lease l = byMac.get(mac);
        if (l == null || l.ip != ip) {
            remove(l);
            l = new Lease(mac, ip);
            put(l);
        }
        if (!l.bound) {
            l.bound = true;
            l.id = ++nextId;
            l.leased = now;
            offers--;
        }
        l.expires = now + leaseNanos;
        if (!hostname.isEmpty()) {
            l.hostname = hostname;
        }
        return true;
    }

    /** A REQUEST naming another server: the client took another offer, ours is freed. */
    void forgetOffer(long mac) {
        Lease l = byMac.get(mac);
        if (l != null && !l.bound) {
            remove(l);
        }
    }

    /** RELEASE: frees {@code ip} if {@code mac} holds it. */
    boolean release(long mac, int ip) {
        Lease l = byMac.get(mac);
        if (l == null || l.ip != ip) {
            return false;
        }
        remove(l);
        return true;
    }

    /** DECLINE: the client found {@code ip} in use; it stays out of the pool for a lease time. */
    boolean decline(long mac, int ip, long now) {
        Lease l = byMac.get(mac);
        if (l == null || l.ip != ip) {
            return false;
        }
        remove(l);
        Lease d = new Lease(DECLINED, ip);
        d.bound = true; // not an offer, not listed
        d.leased = now;
        d.expires = now + leaseNanos;
        byIp.put(ip, d);
        return true;
    }

    /** Frees offers, leases and declined addresses whose time is over. */
    void expire(long now) {
        List<Lease> over = new ArrayList<>();
        for (Lease l : byIp.values()) {
            if (now - l.expires > 0) {
                over.add(l);
            }
        }
        over.forEach(this::remove);
    }

    /** Bound leases (what EnumDHCP lists), in address order. */
    List<Lease> bound() {
        List<Lease> out = new ArrayList<>();
        for (Lease l : byIp.values()) {
            if (l.bound && l.mac != DECLINED) {
                out.add(l);
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.ip, b.ip));
        return out;
    }

    int entries() {
        return byIp.size();
    }

    int offers() {
        return offers;
    }

    /** The lowest address {@code mac} may have, or 0: at most entries + ARP table + 1 addresses are looked at. */
    private int free(long mac) {
        if (byIp.size() >= size()) {
            return 0;
        }
        for (long a = start & 0xFFFF_FFFFL; a <= (end & 0xFFFF_FFFFL); a++) {
            int ip = (int) a;
            if (!byIp.containsKey(ip) && usable(ip, mac)) {
                return ip;
            }
        }
        return 0;
    }

    private void put(Lease l) {
        byMac.put(l.mac, l);
        byIp.put(l.ip, l);
        if (!l.bound) {
            offers++;
        }
    }

    private void remove(Lease l) {
        if (l == null) {
            return;
        }
        if (l.mac != DECLINED) {
            byMac.remove(l.mac, l);
        }
        byIp.remove(l.ip, l);
        if (!l.bound) {
            offers--;
        }
    }
}
