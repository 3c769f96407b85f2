#!/usr/bin/env python3
"""pair-bench-cold.py COLD_TSV: the markdown summary of a pair-bench.sh --cold run (cold.md).

Per variant and stack, medians over the passed repetitions: the server's start-to-ready, the Gbit/s
of the first iperf3 (freshly started daemons, no warm-up), its ratio to SoftEther's, the ping
average right after connecting, and the per-second series (median of each second)."""
import csv
import statistics
import sys


def med(xs):
    xs = [float(x) for x in xs if x not in ("", "NA")]
    return statistics.median(xs) if xs else None


def fmt(x, digits=3):
    return "NA" if x is None else f"{x:.{digits}f}"


rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
variants = list(dict.fromkeys(r["variant"] for r in rows))
stacks = list(dict.fromkeys(r["stack"] for r in rows))
print("| variant | stack | server ready s | first-10-s Gbit/s | vs SoftEther | ping avg ms (-c 5 after connect) "
      "| Gbit/s per second (median of each second) | passed |")
print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
for v in variants:
    base = med(r["gbps_first"] for r in rows if r["variant"] == v and r["stack"] == "softether" and r["result"] == "PASS")
    for s in stacks:
        mine = [r for r in rows if r["variant"] == v and r["stack"] == s]
        ok = [r for r in mine if r["result"] == "PASS"]
        g = med(r["gbps_first"] for r in ok)
        series = [[float(x) for x in r["gbps_per_second"].split(",")] for r in ok if r["gbps_per_second"] not in ("", "NA")]
        per_sec = [statistics.median(col) for col in zip(*series)] if series else []
        ratio = fmt(g / base, 2) if g is not None and base else "NA"
        print(f"| {v} | {s} | {fmt(med(r['server_ready_s'] for r in mine), 2)} | {fmt(g)} | {ratio} "
              f"| {fmt(med(r['rtt_avg_ms'] for r in ok))} | {' '.join(fmt(x, 2) for x in per_sec) or 'NA'} "
              f"| {len(ok)}/{len(mine)} |")
print()
print("Single runs (first-10-s Gbit/s): " + "; ".join(
    f"{v} {s}: " + ",".join(r["gbps_first"] for r in rows if r["variant"] == v and r["stack"] == s)
    for v in variants for s in stacks))
