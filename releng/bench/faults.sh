#!/usr/bin/env bash
# faults.sh - the figures of issue 16's fault tests, re-run on demand: the real login among 2,000
# stalled handshakes (goal < 1 s), the heap and RSS they cost, what the server held for a peer that
# stopped reading, the admin login back-off per source address, the disk-full error. The tests
# themselves run in CI and assert only generous limits; this script prints what they measured, with
# the machine load. See README.md "Faults (issue 16)". Two sets: the in-process ones of
# bundles/org.ethervpn.server, and (as root, with the SoftEther packages) FaultsNamespaceTest of
# product/server-test, the shipped distribution in namespaces with real vpnclients.
#
# Usage: releng/bench/faults.sh [RUNS]     (RUNS: how often to run the tests, default 1)
# Needs: root for DiskFullTest and FaultsNamespaceTest (they skip otherwise), about 4,100 file descriptors (ulimit -n) for
# SlowlorisTest (it skips otherwise; this script raises the soft limit when it can).
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RUNS=${1:-1}
ulimit -n 8192 2>/dev/null || true
cd "$REPO"
for i in $(seq "$RUNS"); do
	echo "== run $i: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), ulimit -n $(ulimit -n)"
	rm -rf bundles/org.ethervpn.server/target/surefire-reports # no figures of an earlier run
	rm -rf product/server-test/target/surefire-reports
	./mvnw -B -ntp -q verify -pl bundles/org.ethervpn.server,product/server-test -am \
		-Dtest='SlowlorisTest,SlowReaderTest,DiskFullTest,AdminBackoffTest,FaultsNamespaceTest' \
		-Dsurefire.failIfNoSpecifiedTests=false \
		>/tmp/evi-faults-$$.log 2>&1 || { tail -40 /tmp/evi-faults-$$.log; exit 1; }
	grep -h -o -E '(slowloris|slow reader|admin back-off|disk full)( \(namespaces\))?: .*' \
		bundles/org.ethervpn.server/target/surefire-reports/TEST-*.xml \
		product/server-test/target/surefire-reports/TEST-*.xml 2>/dev/null | sed 's/]]>.*//' | sort -u
done
rm -f /tmp/evi-faults-$$.log
