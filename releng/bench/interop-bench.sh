#!/usr/bin/env bash
# interop-bench.sh - throughput and CPU of the two REAL SoftEther vpnclients
# through a real SoftEther vpnserver and through EtherVPN, measured in the same
# run on the same machine (releng/interop lab, one server after the other, same
# clients).  Not part of CI.  See README.md next to this file.
#
# Usage (root):
#   releng/bench/interop-bench.sh [--time 10] [--variants one,tcp8] [--reps 1]
#        [--out DIR] [--dist DIR] [--softether-nice N] [--warmup S] [--standin]
#
#   --time S             iperf3 seconds per variant (default 10)
#   --variants LIST      one,tcp8,half,noenc,compress (default one,tcp8)
#   --reps N             repeat the whole comparison N times (default 1); the
#                        table shows medians, the CSV every repetition
#   --out DIR            results (default /tmp/evi-bench-<date>): results.csv (the
#                        runner's rows), summary.csv, summary.txt, runner-<rep>.out, logs-<rep>/
#   --dist DIR           unpacked EtherVPN distribution (default: the one built in
#                        product/server/target; build it with
#                        ./mvnw -B -ntp -o -DskipTests package -pl product/server -am)
#   --softether-nice N   renice the real vpnserver (it sets itself to -20) to N,
#                        e.g. 0 = the priority the Java server runs at
#   --warmup S           an unmeasured iperf3 of S seconds before each measured one, for
#                        both servers (default 5): the Java server is measured after its
#                        JIT warm-up, as a long-running server runs; 0 = measure cold
#   --standin            a second real vpnserver (releng/interop/softether-server.sh)
#                        plays the EtherVPN side: checks the bench (ratio ~1)
#
# Per variant and server: Gbit/s (iperf3 -t S, one TCP stream, client 1 ->
# client 2 through the hub) and CPU seconds (utime+stime from /proc/PID/stat)
# of the server (every process in the server namespace: vpnserver, or java +
# its start script) and of each vpnclient during the iperf3 window.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
INTEROP=$REPO/releng/interop

SECS=10 VARIANTS=one,tcp8 REPS=1 OUT="" DIST="" NICE="" STANDIN=0 WARMUP=5
while [ $# -gt 0 ]; do
	case "$1" in
	--time) SECS=$2; shift 2 ;;
	--variants|--variant) VARIANTS=$2; shift 2 ;;
	--reps) REPS=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--dist) DIST=$2; shift 2 ;;
	--softether-nice) NICE=$2; shift 2 ;;
	--standin) STANDIN=1; shift ;;
	--warmup) WARMUP=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (--help)" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, TAP devices)" >&2; exit 2; }
if [ "$STANDIN" = 0 ]; then
	if [ -z "$DIST" ]; then
		DIST=$(find "$REPO/product/server/target" -mindepth 4 -maxdepth 4 -path '*/bin/ethervpn' 2>/dev/null | head -1)
		DIST=${DIST%/bin/ethervpn}
	fi
	[ -n "$DIST" ] && [ -x "$DIST/bin/ethervpn" ] || {
		echo "no EtherVPN distribution; build it: ./mvnw -B -ntp -o -DskipTests package -pl product/server -am (or --dist DIR)" >&2
		exit 2
	}
	DIST=$(cd "$DIST" && pwd)
fi
[ -n "$OUT" ] || OUT=/tmp/evi-bench-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CSV=$OUT/results.csv
rm -f "$CSV"

FAILED=0
echo "interop-bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), iperf3 -t $SECS, variants $VARIANTS, $REPS repetition(s) -> $OUT" >&2
for rep in $(seq 1 "$REPS"); do
	data=$(mktemp -d /tmp/evi-bench-data.XXXXXX)
	if [ "$STANDIN" = 1 ]; then
		cmd="$INTEROP/softether-server.sh"
	else
		cmd="'$INTEROP/ethervpn-server.sh' '$DIST' '$data'"
	fi
	args=(--server softether --server external 10.211.0.1:5555 --hub EVI
		--user u1 --password p1 --user2 u2 --password2 p2 --port 5555
		--wait-ready-file --server-cmd "$cmd"
		--variant "$VARIANTS" --time "$SECS" --warmup "$WARMUP" --cpu --csv "$CSV" --logs "$OUT/logs-$rep")
	[ -z "$NICE" ] || args+=(--server-nice "$NICE")
	echo "interop-bench: repetition $rep of $REPS" >&2
	# the runner's exit status (not grep's): non-zero when a variant failed
	set +e
	"$INTEROP/run-softether-pair.sh" "${args[@]}" 2>&1 | tee "$OUT/runner-$rep.out" | grep -E '^(PASS|FAIL|interop:)' >&2
	st=("${PIPESTATUS[@]}")
	set -e
	[ "${st[0]}" = 0 ] || FAILED=1
	[ -d "$data/logs" ] && cp -r "$data/logs" "$OUT/logs-$rep/ethervpn-logs" 2>/dev/null || true
	rm -rf "$data"
done

# ---- summary: medians over the repetitions (failed runs count as NA)
# results.csv: server,variant,result,gbps,rtt_avg_ms,connect_s,conns,half,enc,comp,
#              cpu_window_s,cpu_server_s,cpu_server_comm,cpu_client1_s,cpu_client2_s
awk -F, -v variants="$VARIANTS" -v reps="$REPS" -v secs="$SECS" '
	function median(key,   n, i, j, t, a) {
		n = cnt[key]
		if (n == 0) return "NA"
		for (i = 1; i <= n; i++) a[i] = val[key, i]
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function add(key, v) { if (v != "NA" && v != "") { cnt[key]++; val[key, cnt[key]] = v + 0 } }
	NR == 1 { next }
	{
		s = ($1 == "softether") ? "se" : "ev"
		if ($3 == "PASS") { add(s " " $2 " gbps", $4); add(s " " $2 " srv", $12); add(s " " $2 " c1", $14); add(s " " $2 " c2", $15); add(s " " $2 " win", $11) }
		else fails[s " " $2]++
	}
	function f(x, d) { return x == "NA" ? "NA" : sprintf("%." d "f", x) }
	END {
		n = split(variants, vs, ",")
		printf "variant,softether_gbps,ethervpn_gbps,ratio_ethervpn_softether,softether_server_cpu_s,softether_client1_cpu_s,softether_client2_cpu_s,ethervpn_server_cpu_s,ethervpn_client1_cpu_s,ethervpn_client2_cpu_s,window_s,softether_fails,ethervpn_fails\n"
		for (i = 1; i <= n; i++) {
			v = vs[i]
			se = median("se " v " gbps"); ev = median("ev " v " gbps")
			r = (se != "NA" && ev != "NA" && se > 0) ? sprintf("%.2f", ev / se) : "NA"
			printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%d\n", v, f(se, 3), f(ev, 3), r,
				f(median("se " v " srv"), 2), f(median("se " v " c1"), 2), f(median("se " v " c2"), 2),
				f(median("ev " v " srv"), 2), f(median("ev " v " c1"), 2), f(median("ev " v " c2"), 2),
				f(median("se " v " win"), 2), fails["se " v] + 0, fails["ev " v] + 0
		}
	}' "$CSV" >"$OUT/summary.csv"

{
	echo "SoftEther vpnclients through a real SoftEther vpnserver vs. through EtherVPN"
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, iperf3 -t $SECS (one TCP stream), $REPS repetition(s), medians;"
	echo "CPU = seconds of utime+stime during the iperf3 window (server: all processes of the server namespace)"
	[ "$STANDIN" = 0 ] || echo "(--standin: the 'ethervpn' column is a second real vpnserver)"
	echo
	awk -F, 'NR == 1 { next } { rows[NR] = $0 }
		BEGIN { printf "%-9s %9s %9s %7s | %-23s | %-23s | %s\n", "variant", "SE Gbit/s", "EV Gbit/s", "EV/SE", "SoftEther CPU s srv/c1/c2", "EtherVPN CPU s srv/c1/c2", "failed SE/EV" }
		{ printf "%-9s %9s %9s %7s | %7s %7s %7s | %7s %7s %7s | %s/%s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13 }' "$OUT/summary.csv"
} | tee "$OUT/summary.txt"
# exit status 1 when a variant failed (the table shows NA and the counts)
exit "$FAILED"
