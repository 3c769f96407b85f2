#!/usr/bin/env bash
# securenat-bench.sh - TCP download through our SecureNAT vs SoftEther's SecureNAT,
# same run, same topology (releng/interop/securenat-lab.sh), same client.
#
#   securenat-bench.sh [--rounds N] [--time S] [--cases "se:se ev:se ev:ev"] [--dist DIR] [--out DIR]
#
# Cases SERVER:CLIENT (se = real SoftEther, ev = ours): se:se the real vpnclient
# through a real vpnserver's SecureNAT; ev:se the same real vpnclient through
# ours (the fair comparison: only the server differs); ev:ev our client through
# ours.  A real vpnserver (listener 5555) and our server (5556) run in S for the
# whole run, both hubs SNAT with SecureNAT on; the real vpnclient and our client
# runtime in C.  For each round, for each case (alternating, so slow changes of
# the machine's load hit all alike): connect (a fresh TAP MAC), DHCP (udhcpc),
# ping the virtual host, 2 s unmeasured iperf3 (warm-up), then iperf3 -R -t S from
# C to O's iperf3 (O -> NAT -> tunnel -> C, the download direction), and
# utime+stime from /proc/PID/stat of the server and the client process around it.
# SoftEther's daemons are reniced from their self-set -20 to 0, like everything else.
# Results: OUT/results.tsv (one row per measurement), OUT/summary.txt (medians,
# ratio to se:se, Mbit/s per CPU second of the server), the load (uptime) at start
# and end.  Needs root, iperf3, busybox, dnsmasq, the SoftEther packages.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROUNDS=3 SECS=8 CASES="se:se ev:se ev:ev" DIST="" OUT=""
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) ROUNDS=$2; shift 2 ;;
	--time) SECS=$2; shift 2 ;;
	--cases) CASES=$2; shift 2 ;;
	--dist) DIST=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) sed -n '2,20p' "$0" >&2; exit 2 ;;
	esac
done
# shellcheck source=../interop/softether.sh
. "$REPO/releng/interop/softether.sh"
# shellcheck source=../interop/securenat-lab.sh
. "$REPO/releng/interop/securenat-lab.sh"
[ -n "$DIST" ] || DIST=$(find "$REPO/product/server/target" -mindepth 4 -maxdepth 4 -path '*/bin/ethervpn' 2>/dev/null | head -1 | sed 's,/bin/ethervpn$,,')
[[ "$CASES" != *ev* ]] || [ -x "$DIST/bin/ethervpn" ] || { echo "no distribution (--dist DIR, or build product/server)" >&2; exit 2; }
OUT=${OUT:-/tmp/evi-securenat-bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
EVI_STATE="" EVI_STATE_OWNED=0
evi_state_init
S=$EVI_STATE
export EVI_CONNECT_TIMEOUT=60 EVI_ALLOW_RETRY=1
SE_PORT=5555 EV_PORT=5556
randpw() { od -An -tx1 -N10 /dev/urandom | tr -d ' \n'; }
PW=$(randpw)

# shellcheck disable=SC2317
cleanup() {
	trap - EXIT INT TERM
	evi_se_client_stop "$S/sec" 5 2>/dev/null || true
	sn_ev_stop "$DIST" "$SN_C" "$S/evc"
	sn_ev_stop "$DIST" "$SN_S" "$S/evs"
	evi_stop_tracked 5 "$S/evc.pid" "$S/evs.pid" 2>/dev/null || true
	evi_se_server_stop "$S/ses" 10 2>/dev/null || true
	sn_lab_down
	cp -r "$S" "$OUT/state" 2>/dev/null || true
	[ "$EVI_STATE_OWNED" != 1 ] || rm -rf "$S"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "start: $(uptime)" | tee "$OUT/load.txt"
sn_lab_up
users=(u1 "$PW" u2 "$PW")
sn_se_server_up "$S/ses" "${users[@]}"
renice -n 0 -g "$(evi_tracked_pid "$S/ses/pid")" >/dev/null
if [[ "$CASES" == *ev* ]]; then SN_EV_PORT=$EV_PORT sn_ev_server_up "$DIST" "$S/evs" "${users[@]}"; fi
evi_se_client_start "$SN_C" "$S/sec" >/dev/null
renice -n 0 -g "$(evi_tracked_pid "$S/sec/pid")" >/dev/null
if [[ "$CASES" == *:ev* ]]; then
	sn_ev_client_up "$DIST" "$S/evc" "${SN_LAB}t" u2 "$PW" "$EV_PORT"
	sn_ev_shell "$DIST" "$SN_C" "$S/evc" "vpn:accountdisconnect evi" >/dev/null
fi

cpu_snap() { local p; for p in "$@"; do evi_cpu_snapshot "$p"; done; }
cpu_secs() { evi_cpu_delta "$1" "$2" | cut -d' ' -f1; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure ROUND CASE : one row of results.tsv
measure() {
	local round=$1 case=$2 srv=${2%%:*} cli=${2##*:} port=$SE_PORT srvpid clipid tap j mbps w cs cc t0
	[ "$srv" = se ] && srvpid=$(evi_tracked_pid "$S/ses/pid") || { port=$EV_PORT; srvpid=$(evi_tracked_pid "$S/evs.pid"); }
	if [ "$cli" = se ]; then
		evi_se_client_account "$S/sec" evi1 - "$SN_SRV_IP" "$port" "$SN_HUB" u1 "$PW" 1 0 1 0 || return 1
		tap=$(cat "$S/sec/tap") clipid=$(evi_tracked_pid "$S/sec/pid")
	else
		sn_ev_client_connect "$DIST" "$S/evc" || return 1
		tap=$(cat "$S/evc.tap") clipid=$(evi_tracked_pid "$S/evc.pid")
	fi
	sn_dhcp "$SN_C" "$tap" "$S/lease" || return 1
	evi_ping_warm "$SN_C" "$SN_VH_IP" 15 || { evi_die "no ping to the virtual host"; return 1; }
	ip netns exec "$SN_C" timeout 20 iperf3 -c "$SN_O_IP" -R -t 2 >/dev/null 2>&1 || true
	cpu_snap "$srvpid" >"$S/cpu.s0"; cpu_snap "$clipid" >"$S/cpu.c0"; t0=$(evi_now_ms)
	j=$(ip netns exec "$SN_C" timeout $((SECS + 30)) iperf3 -c "$SN_O_IP" -R -t "$SECS" -J 2>&1) || true
	w=$(( $(evi_now_ms) - t0 ))
	cpu_snap "$srvpid" >"$S/cpu.s1"; cpu_snap "$clipid" >"$S/cpu.c1"
	mbps=$(jq -r '.end.sum_received.bits_per_second / 1e6 | . * 10 | round / 10' <<<"$j" 2>/dev/null) || mbps=NA
	cs=$(cpu_secs "$S/cpu.s0" "$S/cpu.s1") cc=$(cpu_secs "$S/cpu.c0" "$S/cpu.c1")
	printf '%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n' "$round" "$case" "$mbps" "$(awk -v w="$w" 'BEGIN { print w / 1000 }')" "$cs" "$cc" \
		"$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/results.tsv"
	printf 'round %s %-6s %8s Mbit/s  cpu server %ss client %ss (window %s ms)  load %s\n' "$round" "$case" "$mbps" "$cs" "$cc" "$w" "$(cut -d' ' -f1 /proc/loadavg)"
	if [ "$cli" = se ]; then evi_se_client_disconnect "$S/sec"; else sn_ev_shell "$DIST" "$SN_C" "$S/evc" "vpn:accountdisconnect evi" >/dev/null; fi
	ip -n "$SN_C" addr flush dev "$tap"
	[ "$mbps" != NA ] || { evi_die "iperf3 $case: $(jq -r '.error // empty' <<<"$j" 2>/dev/null || tail -2 <<<"$j")"; return 1; }
}

printf 'round\tcase\tmbps\twindow_s\tcpu_server_s\tcpu_client_s\tload1 load5 load15\n' >"$OUT/results.tsv"
for r in $(seq "$ROUNDS"); do
	for c in $CASES; do measure "$r" "$c" || echo "round $r $c FAILED"; done
done
echo "end: $(uptime)" | tee -a "$OUT/load.txt"

{
	echo "securenat-bench: $ROUNDS rounds, iperf3 -R -t $SECS (O -> SecureNAT -> tunnel -> C), medians"
	printf '%-6s %10s %8s %12s %12s %14s\n' case Mbit/s ratio srv_cpu_s cli_cpu_s Mbit/srv_cpu_s
	base=$(awk -F'\t' '$2 == "se:se" && $3 != "NA" { print $3 }' "$OUT/results.tsv" | median)
	for c in $CASES; do
		m=$(awk -F'\t' -v c="$c" '$2 == c && $3 != "NA" { print $3 }' "$OUT/results.tsv" | median)
		sc=$(awk -F'\t' -v c="$c" '$2 == c && $3 != "NA" { print $5 }' "$OUT/results.tsv" | median)
		cc=$(awk -F'\t' -v c="$c" '$2 == c && $3 != "NA" { print $6 }' "$OUT/results.tsv" | median)
		awk -v c="$c" -v m="$m" -v b="$base" -v sc="$sc" -v cc="$cc" -v t="$SECS" 'BEGIN {
			r = (m != "NA" && b != "NA" && b > 0) ? sprintf("%.2f", m / b) : "NA"
			e = (m != "NA" && sc != "NA" && sc > 0) ? sprintf("%.0f", m * t / sc) : "NA"
			printf "%-6s %10s %8s %12s %12s %14s\n", c, m, r, sc, cc, e }'
	done
	cat "$OUT/load.txt"
} | tee "$OUT/summary.txt"
