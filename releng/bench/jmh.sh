#!/usr/bin/env bash
# jmh.sh - the data path in memory (releng/perf, JMH): frames through TunnelEncoder -> TLS engine pair
# (or none) -> TunnelDecoder -> VirtualHub.forward -> drained port. Frames/s and bytes allocated per
# frame (-prof gc); with --jfr also the top allocation sites (JFR's jdk.ObjectAllocationSample).
# On demand only, never in CI. See README.md "Data path in memory (JMH)".
#
# Usage:
#   releng/bench/jmh.sh [--out DIR] [--no-build] [--forks N] [--warmup N] [--warmup-time S]
#        [--iterations N] [--time S] [--sizes 64,600,1514,65536] [--carriage tls,tls-jdk,plain] [--jfr] [-- JMH ARGS]
#
#   --out DIR         results (default /tmp/evi-jmh-<date>): results.json (JMH), results.txt (JMH's
#                     text output), summary.md (frames/s, Gbit/s, B/frame), jfr/ + alloc-*.txt with --jfr
#   --no-build        use releng/perf/target/benchmarks.jar as it is
#   --forks N         JMH forks (default 1)
#   --warmup N, --warmup-time S      warm-up iterations and their length (default 3 x 2 s)
#   --iterations N, --time S         measured iterations and their length (default 5 x 2 s)
#   --sizes LIST      frame sizes (default 64,600,1514,65536; 65536 is a super-frame with raised limits)
#   --carriage LIST   tls (TLS 1.3 on BoringSSL, the modern cipher plugin between EtherVPN peers), tls-jdk
#                     (the same plugin on the JDK's engines, as for SoftEther peers) and/or plain (encryption off)
#   --jfr             also record JFR per case (-prof jfr) and summarise allocations by site and class
#   -- ARGS           passed on to JMH as they are
# Note: the TLS cases need ~15-20 s of traffic before C2 has compiled the AES-GCM path (see README);
# with the short defaults the first measured iterations still ramp up: read the per-iteration lines
# in results.txt, or use --warmup 10.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

OUT="" BUILD=1 FORKS=1 WI=3 W=2 I=5 R=2 SIZES=64,600,1514,65536 CARRIAGE=tls,tls-jdk,plain JFR=0 EXTRA=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) OUT=$2; shift 2 ;;
	--no-build) BUILD=0; shift ;;
	--forks) FORKS=$2; shift 2 ;;
	--warmup) WI=$2; shift 2 ;;
	--warmup-time) W=$2; shift 2 ;;
	--iterations) I=$2; shift 2 ;;
	--time) R=$2; shift 2 ;;
	--sizes) SIZES=$2; shift 2 ;;
	--carriage) CARRIAGE=$2; shift 2 ;;
	--jfr) JFR=1; shift ;;
	--) shift; EXTRA=("$@"); break ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (--help)" >&2; exit 2 ;;
	esac
done
for n in "$FORKS" "$WI" "$W" "$I" "$R"; do
	[[ "$n" =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
command -v jq >/dev/null || { echo "jq is needed for the summary (apt-get install jq)" >&2; exit 2; }
. "$REPO/releng/find-jdk.sh"
JAVA=$JAVA_HOME/bin/java
JAR=$REPO/releng/perf/target/benchmarks.jar
[ -n "$OUT" ] || OUT=/tmp/evi-jmh-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ "$BUILD" = 1 ]; then
	echo "jmh: building releng/perf (-Pperf) ..." >&2
	(cd "$REPO" && ./mvnw -B -ntp -q -Pperf -pl releng/perf -am package -DskipTests)
fi
[ -f "$JAR" ] || { echo "no $JAR: build it (./mvnw -B -ntp -Pperf -pl releng/perf -am package -DskipTests)" >&2; exit 2; }

PROF=(-prof gc)
[ "$JFR" = 0 ] || PROF+=(-prof "jfr:dir=$OUT/jfr")
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "jmh: $(nproc) CPUs, load $LOAD0, forks $FORKS, warm-up ${WI}x${W}s, measurement ${I}x${R}s -> $OUT" >&2
"$JAVA" -jar "$JAR" DataPathBenchmark -f "$FORKS" -wi "$WI" -w "${W}s" -i "$I" -r "${R}s" \
	-p frameSize="$SIZES" -p carriage="$CARRIAGE" "${PROF[@]}" \
	-rf json -rff "$OUT/results.json" ${EXTRA[@]+"${EXTRA[@]}"} | tee "$OUT/results.txt"

# frames/s, the Gbit/s they are worth (frame bytes only), bytes allocated per frame
{
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end, forks $FORKS, warm-up ${WI}x${W}s, measurement ${I}x${R}s"
	echo
	echo "| carriage | frame B | frames/s | ± (99.9 %) | Gbit/s | B allocated / frame |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	jq -r '.[] | [.params.carriage, (.params.frameSize | tonumber), .primaryMetric.score, .primaryMetric.scoreError,
		(.primaryMetric.score * (.params.frameSize | tonumber) * 8 / 1e9),
		(.secondaryMetrics["gc.alloc.rate.norm"].score // null)]
		| "| \(.[0]) | \(.[1]) | \(.[2] | floor) | \(if (.[3] | isnan) then "NA" else (.[3] | floor) end) | \(.[4] * 1000 | round / 1000) | \(if .[5] == null then "NA" else (.[5] * 10 | round / 10) end) |"' \
		"$OUT/results.json"
} >"$OUT/summary.md"

if [ "$JFR" = 1 ]; then
	# one recording per case: allocation samples by site (top frame) and by class
	find "$OUT/jfr" -name '*.jfr' | sort | while read -r f; do
		name=$(basename "$(dirname "$f")")
		{
			echo "== $name"
			"$JAVA_HOME/bin/jfr" view --width 160 allocation-by-site "$f" 2>&1 | head -25
			"$JAVA_HOME/bin/jfr" view --width 160 allocation-by-class "$f" 2>&1 | head -20
		} >"$OUT/alloc-$name.txt"
	done
fi
cat "$OUT/summary.md"
