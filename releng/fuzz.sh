#!/usr/bin/env bash
# Fuzzes every Jazzer target (@FuzzTest classes under bundles/*/src/test/java) for a fixed time each.
#
#   releng/fuzz.sh [--seconds N | --minutes N] [--only REGEX] [--offline] [--save-corpus]
#
# Each target is one test class with one @FuzzTest method; each runs in its own JVM (Jazzer fuzzes
# one target per JVM) for N seconds after replaying its committed inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/). A plain build (releng/test) only replays
# those inputs. A finding fails the run; Jazzer saves the input (crash-*) and prints how to
# reproduce it: fix the parser, then move the input into the target's Inputs directory as a
# regression seed. The fuzzer's working corpus is kept in <module>/.cifuzz-corpus/ (not committed),
# so a later run goes on from it; --save-corpus copies it into the inputs directory (<method>/corpus/)
# to be committed. Prints one line per target: executions, coverage, corpus, verdict.
# Default: 20 s per target (what CI runs). Needs a build first (releng/test, or ./mvnw verify).
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
seconds=20
only=.
offline=()
save=0
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --only) only=$2; shift 2 ;;
    --offline) offline=(-o); shift ;;
    --save-corpus) save=1; shift ;;
    *) echo "usage: releng/fuzz.sh [--seconds N | --minutes N] [--only REGEX] [--offline] [--save-corpus]" >&2; exit 2 ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "releng/fuzz.sh: the time must be a positive number" >&2; exit 2; }

# target = module:fully.qualified.Class
targets=()
while IFS= read -r f; do
  module=${f%%/src/test/java/*}
  class=${f#*/src/test/java/}; class=${class%.java}; class=${class//\//.}
  [[ "$module:$class" =~ $only ]] && targets+=("$module:$class")
done < <(grep -rl --include='*.java' '@FuzzTest' bundles/*/src/test/java | sort)
[ ${#targets[@]} -gt 0 ] || { echo "releng/fuzz.sh: no fuzz target matches '$only'" >&2; exit 2; }
modules=$(printf '%s\n' "${targets[@]}" | cut -d: -f1 | sort -u | paste -sd, -)
tests=$(printf '%s\n' "${targets[@]}" | cut -d: -f2 | paste -sd, -)

out=target/fuzz
mkdir -p "$out"
log=$out/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log
echo "releng/fuzz.sh: ${#targets[@]} targets, $seconds s each; load: $(uptime | sed 's/.*load average: //'); log $log"
start=$(date +%s)
# one JVM per test class (reuseForks=false); only the Jazzer targets (their tag); a finding does not
# stop the other targets; a bounded heap, so unbounded allocation is a finding; the whole run is
# bounded, so a hang that outlasts the run ends as "not finished"; within it, each target's JUnit
# @Timeout (60 s) becomes libFuzzer's per-input timeout, so a hanging input is a finding with its
# input saved. JUnit's own timeouts are switched off here (timeout.mode=disabled): under Maven it
# would also apply them to the whole fuzzing run, which is one JUnit invocation (measured with Jazzer
# 0.30). A plain build keeps them: there every seed is its own invocation.
# (The parent pom limits Jazzer's instrumentation to org.ethervpn.**.)
budget=$(( ${#targets[@]} * (seconds + 90) + 300 ))
JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${seconds}s timeout --kill-after=30 "$budget" \
  ./mvnw -B -ntp "${offline[@]}" test -pl "$modules" -am -Dtest="$tests" -Dgroups=jazzer -DreuseForks=false \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true \
    "-Dethervpn.test.jvm.extra=-Xmx1g -XX:-OmitStackTraceInFastThrow -Djunit.jupiter.execution.timeout.mode=disabled" \
    >"$log" 2>&1
rc=$?

# libFuzzer's last status line per target ("#N DONE cov: C ft: F corp: K/S ..."), in run order
python3 - "$log" "${targets[@]}" <<'PY' || rc=1
import re, sys
log, targets = sys.argv[1], sys.argv[2:]
text = open(log, errors="replace").read()
parts = re.split(r"\[INFO\] Running (\S+)\n", text)
runs = {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
print(f"  {'target':58} {'executions':>11} {'cov':>6} {'ft':>7} {'corpus':>7} {'exec/s':>7}  result")
failed = False
for t in targets:
    cls = t.split(":")[1]
    body = runs.get(cls)
    if body is None:
        print(f"  {cls:58} {'-':>11} {'-':>6} {'-':>7} {'-':>7} {'-':>7}  not run")
        failed = True
        continue
    stats = re.findall(r"#(\d+)\s+(?:DONE|INITED|pulse|NEW|REDUCE)\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+(?: lim: \d+)? exec/s: (\d+)", body)
    n, cov, ft, corp, eps = stats[-1] if stats else ("-",) * 5
    m = re.search(r"Tests run: \d+, Failures: (\d+), Errors: (\d+), .* -- in " + re.escape(cls) + r"\n", text)
    verdict = "not finished" if m is None else "ok" if m.group(1) == m.group(2) == "0" else "FAILED"
    if "ERROR: libFuzzer: timeout" in body:  # libFuzzer ends the JVM: a hang, its input saved as timeout-*
        verdict = "HANG (timeout-* input saved)"
    print(f"  {cls:58} {n:>11} {cov:>6} {ft:>7} {corp:>7} {eps:>7}  {verdict}")
    failed |= verdict != "ok"
sys.exit(1 if failed else 0)
PY
crashes=$(grep -o "\(crash\|timeout\)-[0-9a-f]\{40\}" "$log" | sort -u)
[ -z "$crashes" ] || { echo "finding inputs (in the targets' Inputs directories):"; echo "$crashes" | sed 's/^/  /'; }
if [ $save = 1 ]; then
  for t in "${targets[@]}"; do
    module=${t%%:*} class=${t#*:}
    for dir in "$module/.cifuzz-corpus/$class"/*/; do
      [ -d "$dir" ] || continue
      method=$(basename "$dir")
      dest=$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method/corpus
      rm -rf "$dest" && mkdir -p "$dest" && cp "$dir"* "$dest"/ 2>/dev/null
      echo "corpus: $(ls "$dest" | wc -l) inputs, $(du -sk "$dest" | cut -f1) KiB -> $dest"
    done
  done
fi
echo "releng/fuzz.sh: finished in $(( $(date +%s) - start )) s, exit status $rc (log: $log)"
exit $rc
