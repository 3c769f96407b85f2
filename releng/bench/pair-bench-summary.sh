#!/usr/bin/env bash
# pair-bench-summary.sh RESULTS_TSV OUT_DIR "VARIANTS" "HEADER" : the medians of pair-bench.sh's
# passed measurements per variant and stack -> OUT_DIR/summary.tsv, summary.json, summary.md.
# Separate from pair-bench.sh so that a kept results.tsv can be summarised again.
set -euo pipefail
RES=$1 OUT=$2 VARIANTS=$3 HEADER=${4:-}

# results.tsv: rep variant stack result gbps rtt_min rtt_avg rtt_max connect_s window_s cpu_srv cpu_c1 cpu_c2 note
# load_rtt_avg load_ping_loss (absent in results.tsv files older than 2026-12-07: NA)
awk -F'\t' -v variants="$VARIANTS" '
	function median(key,   n, i, j, t, a) {
		n = cnt[key]
		if (n == 0) return "NA"
		for (i = 1; i <= n; i++) a[i] = val[key, i]
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function add(key, v) { if (v != "NA" && v != "") { cnt[key]++; val[key, cnt[key]] = v + 0 } }
	function wmax(a, b) { return a == "NA" ? b : (b == "NA" ? a : (a > b ? a : b)) }
	function f(x, d) { return x == "NA" ? "NA" : sprintf("%." d "f", x) }
	# CPU seconds of the three processes per GB carried (medians; window x Gbit/s / 8 = GB):
	# the efficiency, which a loaded machine distorts less than Gbit/s
	function pergb(k,   g, w, a, b, c) {
		g = median(k " gbps"); w = median(k " win"); a = median(k " srv"); b = median(k " c1"); c = median(k " c2")
		if (g == "NA" || w == "NA" || a == "NA" || b == "NA" || c == "NA" || g * w == 0) return "NA"
		return sprintf("%.1f", (a + b + c) / (g * w / 8))
	}
	NR == 1 { next }
	{
		k = $2 " " $3
		runs[k]++
		if ($4 != "PASS") next
		pass[k]++
		add(k " gbps", $5); add(k " rtt", $7); add(k " win", $10)
		add(k " srv", $11); add(k " c1", $12); add(k " c2", $13)
		add(k " lrtt", (NF >= 15 ? $15 : "NA"))
		all[k] = all[k] (all[k] == "" ? "" : ",") $5
	}
	END {
		print "variant\tsoftether_gbps\tethervpn_gbps\tratio_ethervpn_softether\tsoftether_rtt_avg_ms\tethervpn_rtt_avg_ms\tsoftether_cpu_server_s\tsoftether_cpu_client1_s\tsoftether_cpu_client2_s\tethervpn_cpu_server_s\tethervpn_cpu_client1_s\tethervpn_cpu_client2_s\twindow_s\tsoftether_passed\tethervpn_passed\tsoftether_gbps_runs\tethervpn_gbps_runs\tmixed_gbps\tratio_mixed_softether\tmixed_rtt_avg_ms\tmixed_cpu_server_s\tmixed_cpu_client1_s\tmixed_cpu_client2_s\tmixed_passed\tmixed_gbps_runs\tsoftether_cpu_s_per_gb\tethervpn_cpu_s_per_gb\tmixed_cpu_s_per_gb\tsoftether_load_rtt_avg_ms\tethervpn_load_rtt_avg_ms\tmixed_load_rtt_avg_ms"
		n = split(variants, vs, " ")
		for (i = 1; i <= n; i++) {
			v = vs[i]; se = v " softether"; ev = v " ethervpn"; mx = v " mixed"
			a = median(se " gbps"); b = median(ev " gbps")
			r = (a != "NA" && b != "NA" && a > 0) ? sprintf("%.2f", b / a) : "NA"
			c = median(mx " gbps")
			rm = (a != "NA" && c != "NA" && a > 0) ? sprintf("%.2f", c / a) : "NA"
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%d/%d\t%s\t%s\t", v, f(a, 3), f(b, 3), r,
				f(median(se " rtt"), 3), f(median(ev " rtt"), 3),
				f(median(se " srv"), 2), f(median(se " c1"), 2), f(median(se " c2"), 2),
				f(median(ev " srv"), 2), f(median(ev " c1"), 2), f(median(ev " c2"), 2),
				f(wmax(median(se " win"), median(ev " win")), 2),
				pass[se], runs[se], pass[ev], runs[ev], (all[se] == "" ? "NA" : all[se]), (all[ev] == "" ? "NA" : all[ev])
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f(c, 3), rm, f(median(mx " rtt"), 3),
				f(median(mx " srv"), 2), f(median(mx " c1"), 2), f(median(mx " c2"), 2), pass[mx], runs[mx],
				(all[mx] == "" ? "NA" : all[mx]), pergb(se), pergb(ev), pergb(mx),
				f(median(se " lrtt"), 2), f(median(ev " lrtt"), 2), f(median(mx " lrtt"), 2)
		}
	}' "$RES" >"$OUT/summary.tsv"

# JSON: one object per variant; numbers as numbers (the runs lists and passed counts stay text), NA as null
jq -R -s --arg header "$HEADER" '
	split("\n") | map(select(length > 0) | split("\t")) | .[0] as $h
	| { header: $header,
	    rows: [ .[1:][] | [ $h, . ] | transpose
	            | map({ (.[0]): (if .[1] == "NA" then null elif (.[0] | test("_runs$|_passed$")) then .[1]
	                       else (.[1] | tonumber? // .) end) }) | add ] }' \
	"$OUT/summary.tsv" >"$OUT/summary.json"

{
	echo "$HEADER"
	echo
	echo "| variant | SoftEther Gbit/s | EtherVPN Gbit/s | EV/SE | ping avg ms SE / EV | ping under load ms SE / EV | SoftEther CPU s srv / c1 / c2 | EtherVPN CPU s srv / c1 / c2 | window s | CPU s per GB SE / EV | passed SE / EV |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s / %s | %s / %s | %s / %s / %s | %s / %s / %s | %s | %s / %s | %s / %s |\n",
		$1, $2, $3, $4, $5, $6, $29, $30, $7, $8, $9, $10, $11, $12, $13, $26, $27, $14, $15 }' "$OUT/summary.tsv"
	if awk -F'\t' 'NR > 1 && $24 != "0/0" { found = 1 } END { exit !found }' "$OUT/summary.tsv"; then
		echo
		echo "Mixed: the real vpnclients through our server (same run):"
		echo
		echo "| variant | mixed Gbit/s | mixed/SE | ping avg ms | ping under load ms | CPU s our srv / vpnclient1 / vpnclient2 | CPU s per GB | passed |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s / %s / %s | %s | %s |\n", $1, $18, $19, $20, $31, $21, $22, $23, $28, $24 }' "$OUT/summary.tsv"
	fi
	echo
	echo "Medians over the passed repetitions; single runs (Gbit/s, SE | EV):"
	awk -F'\t' 'NR > 1 { printf "%s: %s | %s%s\n", $1, $16, $17, ($24 == "0/0" ? "" : " | mixed " $25) }' "$OUT/summary.tsv"
} >"$OUT/summary.md"
