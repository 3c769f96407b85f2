#!/usr/bin/env bash
# load.sh - holds many SoftEther sessions on one hub of a fresh server of ours (the distribution,
# 'ethervpn server --data DIR' on a private data directory and a random loopback port) with the
# load generator (releng/load), and prints the figures: logins per second, login times, the server's
# RSS, heap after a full GC, threads and file descriptors, idle CPU, a fresh login's time while the
# sessions are held, pings through the hub and, with --churn-rate, a churn of short sessions with the
# slope of the server's memory. --softether runs the same against a real vpnserver (Debian package
# softether-vpnserver, private state in a private network namespace; needs root).
#
#   releng/load.sh --sessions 4096
#   releng/load.sh --sessions 16384 --rate 150
#   releng/load.sh --sessions 100 --churn-rate 200 --churn 600 --sample 60
#   releng/load.sh --sessions 4096 --softether
#   --nice -10 (root): server and generator at that niceness, on a machine shared with other jobs
#
# Limits: it raises the open-file limit (ulimit -n) of itself and so of the server and the generator
# to the hard limit (first raised to 1,048,576 where CAP_SYS_RESOURCE allows; one fd per session on
# each side, so the hard limit caps the sessions); connections come from 127.0.0.2.. (--sources N),
# about 28,000 ephemeral ports each. Everything it starts it stops by PID; its data goes at the end.
set -euo pipefail
{ # the whole script is read before it runs: editing it during a run cannot derail that run
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$ROOT/releng/find-jdk.sh"
SESSIONS=4096 SOFTETHER=0 BUILD=1 KEEP=0 NICE=0
GEN=()
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) SESSIONS=$2; shift 2 ;;
    --softether) SOFTETHER=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    --nice) NICE=$2; shift 2 ;;
    --rate|--inflight|--sources|--threads|--idle|--traffic|--ping-interval|--fresh|--churn-rate|--churn|--sample)
      GEN+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ $BUILD = 1 ]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q package -pl product/server,releng/load -am -DskipTests -Dbnd.baseline.skip=true) >&2
fi
TAR=$(ls "$ROOT"/product/server/target/ethervpn-server-*.tar.gz)
CP="$ROOT/releng/load/target/classes:$ROOT/releng/load/target/load-deps/*"

# file descriptors: one per session on each side, plus the churn's
# (raising the hard limit needs CAP_SYS_RESOURCE, which a container may not grant: then the hard limit stays)
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
if [ $(( SESSIONS + 256 )) -gt "$(ulimit -n)" ]; then
  echo "load.sh: $SESSIONS sessions need more than the open-files limit of $(ulimit -n) (ulimit -Hn; raising it needs CAP_SYS_RESOURCE)" >&2
  exit 2
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load.sh: open files limit $(ulimit -n); $(nproc) cores; load average $LOAD_BEFORE" >&2

# on a machine shared with other jobs, --nice -10 (root) buys the server and the generator CPU time
# from them (both inherit it); the figures then say so
if [ "$NICE" != 0 ]; then renice -n "$NICE" -p $$ >/dev/null; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ethervpn-load.XXXXXX")
PORT=$(( 20000 + RANDOM % 10000 ))
PW=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
SERVER_PID="" NS="" SE_PID=""

cleanup() {
  set +e
  if [ -n "$SE_PID" ]; then kill -TERM "$SE_PID" 2>/dev/null; wait "$SE_PID" 2>/dev/null; fi
  [ -z "$NS" ] || ip netns del "$NS" 2>/dev/null
  if [ $SOFTETHER = 0 ] && [ -x "$WORK/dist/bin/ethervpn" ]; then "$WORK/dist/bin/ethervpn" stop --data "$WORK/data" >/dev/null 2>&1; fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; fi
  if [ $KEEP = 1 ]; then echo "load.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

RUN=()
if [ $SOFTETHER = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "load.sh: --softether needs root (a private network namespace)" >&2; exit 2; }
  NS="evload$(od -An -tx1 -N3 /dev/urandom | tr -d ' \n')"
  ip netns add "$NS"; ip -n "$NS" link set lo up
  EVI_NS_SRV=$NS EVI_SRV_PORT=$PORT EVI_HUB=LOAD EVI_USER1=load EVI_PASSWORD1=$PW EVI_SERVER_DIR="$WORK/se" \
    EVI_SERVER_READY="$WORK/se-ready" "$ROOT/releng/interop/softether-server.sh" >"$WORK/se.log" 2>&1 &
  SE_PID=$!
  for _ in $(seq 1 600); do [ -f "$WORK/se-ready" ] && break; kill -0 $SE_PID || break; sleep 0.1; done
  [ -f "$WORK/se-ready" ] || { echo "load.sh: the real vpnserver did not start:" >&2; tail -n 20 "$WORK/se.log" >&2; exit 1; }
  # one foreground vpnserver process (softether-server.sh never starts SoftEther's watchdog)
  SERVER_PID=$(awk '{ print $1; exit }' "$WORK/se/vpnserver/pid")
  RUN=(ip netns exec "$NS")
  WHAT="SoftEther vpnserver $(dpkg-query -W -f='${Version}' softether-vpnserver 2>/dev/null)"
else
  mkdir -p "$WORK/dist" "$WORK/data"
  tar xzf "$TAR" -C "$WORK/dist" --strip-components=1
  printf '{"format": "ethervpn-server-config", "version": 1, "listeners": [{"port": %d, "enabled": true}], "hubs": []}\n' \
    "$PORT" > "$WORK/data/server.json"
  "$WORK/dist/bin/ethervpn" server --data "$WORK/data" >&2
  SERVER_PID=$(cat "$WORK/data/run/server.pid")
  printf 'vpn:hubcreate LOAD\nvpn:usercreate LOAD load\nvpn:userpasswordset LOAD load %s\n' "$PW" \
    | "$WORK/dist/bin/ethervpn" shell --data "$WORK/data" - >/dev/null
  WHAT="EtherVPN $(basename "$TAR" .tar.gz | sed 's/ethervpn-server-//')"
fi
echo "load.sh: $WHAT, pid $SERVER_PID, port $PORT; $SESSIONS sessions" >&2

"${RUN[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx4g -Dio.netty.leakDetection.level=disabled -cp "$CP" \
  org.ethervpn.load.LoadMain --server "127.0.0.1:$PORT" --hub LOAD --user load --password "$PW" \
  --sessions "$SESSIONS" --server-pid "$SERVER_PID" ${GEN[@]+"${GEN[@]}"} > "$WORK/results"

WHEN=$(date -u '+%F %H:%MZ')
echo
echo "## $WHAT: $SESSIONS sessions on one hub ($WHEN; load average before: $LOAD_BEFORE; nice $NICE)"
echo
echo "| figure | value |"
echo "|---|---|"
while read -r k v; do echo "| $k | $v |"; done < "$WORK/results"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit 0
}
