#!/usr/bin/env bash
# ethervpn-server.sh - the EtherVPN server distribution as the "external" server
# of run-softether-pair.sh (--server-cmd), started inside the server namespace:
#
#   run-softether-pair.sh --server external 10.211.0.1:5555 --hub EVI \
#       --user u1 --password p1 --user2 u2 --password2 p2 --wait-ready-file \
#       --server-cmd "$PWD/releng/interop/ethervpn-server.sh [--via-shell] DIST [DATA_DIR]"
#
# DIST is an unpacked distribution (the directory holding bin/ethervpn, e.g.
# product/server/target/ethervpn-server-0.1.0-SNAPSHOT/ethervpn-0.1.0-SNAPSHOT).
# DATA_DIR (default: $EVI_SERVER_DIR/data, which the runner deletes at the end)
# must be private to this run; it is created if missing.
#
# What it does: on a fresh DATA_DIR, writes the server's configuration file
# DATA_DIR/server.json (ethervpn-config.py): one listener $EVI_SRV_PORT, hub
# $EVI_HUB with the users $EVI_USER1/$EVI_PASSWORD1 and $EVI_USER2/$EVI_PASSWORD2
# (needs python3); then "bin/ethervpn server --data DATA_DIR" (returns once the
# server is ready), creates $EVI_SERVER_READY and waits.  With --via-shell it
# starts with no server.json instead (first start: hub DEFAULT, listeners 443,
# 992, 1194, 5555) and makes the listener, hub and users with one
# "bin/ethervpn shell" script of vpn: commands (the admin path).
# On SIGTERM/SIGINT (the runner's stop) it runs "bin/ethervpn stop --data
# DATA_DIR".  The server's PID is written to $EVI_SERVER_DIR/ethervpn.pid; its
# log is DATA_DIR/logs/ethervpn.log.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VIA_SHELL=0
[ "${1:-}" != --via-shell ] || { VIA_SHELL=1; shift; }
[ $# -ge 1 ] || { echo "usage: ethervpn-server.sh [--via-shell] DIST [DATA_DIR]" >&2; exit 2; }
DIST=$1
: "${EVI_SERVER_DIR:=$(mktemp -d /tmp/evi-ethervpn.XXXXXX)}" "${EVI_SRV_PORT:=5555}" "${EVI_HUB:=EVI}"
DATA=${2:-$EVI_SERVER_DIR/data}
EVPN=$DIST/bin/ethervpn
[ -x "$EVPN" ] || { echo "ethervpn-server.sh: no $EVPN" >&2; exit 2; }
log() { printf '[%s] ethervpn-server: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

started=0
# shellcheck disable=SC2317
stop() {
	trap - EXIT INT TERM
	if [ "$started" = 1 ]; then
		log "stopping the server"
		"$EVPN" stop --data "$DATA" >&2 || true
	fi
	exit "${1:-0}"
}
trap 'stop 1' EXIT
trap 'stop 0' INT TERM

# Gogo argument: single-quoted (taken literally); values with ' are refused
q() {
	case "$1" in *"'"*|*$'\n'*) log "cannot pass a value containing ' or a line break"; exit 2 ;; esac
	printf "'%s'" "$1"
}

mkdir -p "$DATA"
t0=$(date +%s%N)
if [ "$VIA_SHELL" = 0 ] && [ ! -e "$DATA/server.json" ]; then
	users=()
	[ -z "${EVI_USER1:-}" ] || users+=(--user "$EVI_USER1" "${EVI_PASSWORD1:-}")
	[ -z "${EVI_USER2:-}" ] || [ "${EVI_USER2^^}" = "${EVI_USER1^^}" ] || users+=(--user "$EVI_USER2" "${EVI_PASSWORD2:-}")
	python3 "$HERE/ethervpn-config.py" "$DATA/server.json" --listener "$EVI_SRV_PORT" --hub "$EVI_HUB" "${users[@]}"
fi
started=1
"$EVPN" server --data "$DATA" >&2
pid=$(cat "$DATA/run/server.pid")
echo "$pid" >"$EVI_SERVER_DIR/ethervpn.pid"
log "server pid $pid ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"

if [ "$VIA_SHELL" = 1 ]; then
	script=$EVI_SERVER_DIR/setup.gosh
	{
		case "$EVI_SRV_PORT" in 443|992|1194|5555) ;; *) echo "vpn:listenercreate $EVI_SRV_PORT" ;; esac
		[ "${EVI_HUB^^}" = DEFAULT ] || echo "vpn:hubcreate $(q "$EVI_HUB")"
		if [ -n "${EVI_USER1:-}" ]; then
			echo "vpn:usercreate $(q "$EVI_HUB") $(q "$EVI_USER1")"
			echo "vpn:userpasswordset $(q "$EVI_HUB") $(q "$EVI_USER1") $(q "${EVI_PASSWORD1:-}")"
		fi
		if [ -n "${EVI_USER2:-}" ] && [ "${EVI_USER2^^}" != "${EVI_USER1^^}" ]; then
			echo "vpn:usercreate $(q "$EVI_HUB") $(q "$EVI_USER2")"
			echo "vpn:userpasswordset $(q "$EVI_HUB") $(q "$EVI_USER2") $(q "${EVI_PASSWORD2:-}")"
		fi
	} >"$script"
	if ! "$EVPN" shell --data "$DATA" "$script" >&2; then
		log "setting up hub $EVI_HUB failed (script $script):"
		sed 's/^/    /' "$script" >&2
		exit 1
	fi
fi
log "hub $EVI_HUB and users ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ -z "${EVI_SERVER_READY:-}" ] || touch "$EVI_SERVER_READY"

while kill -0 "$pid" 2>/dev/null; do
	sleep 1 &
	wait $! || true
done
started=0
log "the server (pid $pid) exited; last lines of $DATA/logs/ethervpn.log:"
tail -n 20 "$DATA/logs/ethervpn.log" >&2 2>/dev/null || true
exit 1
