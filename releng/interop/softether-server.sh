#!/usr/bin/env bash
# softether-server.sh - a real SoftEther vpnserver as a stand-alone, foreground
# "external" server, for run-softether-pair.sh --server external ... --server-cmd.
# It exercises exactly the path an EtherVPN server will take (started by the
# caller inside the server namespace, reached as HOST:PORT, hub and users made
# by itself or through --admin-password), so the external mode can be checked
# against a known-good server:
#
#   run-softether-pair.sh --server external 10.211.0.1:5555 --user u1 --password p1 \
#       --user2 u2 --password2 p2 --wait-ready-file \
#       --server-cmd "$PWD/releng/interop/softether-server.sh"
#
# Reads what run-softether-pair.sh passes: EVI_NS_SRV, EVI_SRV_PORT, EVI_HUB,
# EVI_USER1/EVI_PASSWORD1, EVI_USER2/EVI_PASSWORD2, EVI_SERVER_DIR, and
# EVI_ADMIN_PASSWORD (set by --admin-password: then only that admin password is
# set and the hub and users are left to the runner's vpncmd).  Runs until
# SIGTERM/SIGINT, then stops its vpnserver by PID.  Creates $EVI_SERVER_READY
# (if set) once configured: its port 5555 opens before the hub exists.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=softether.sh
. "$HERE/softether.sh"

: "${EVI_SRV_PORT:=5555}" "${EVI_HUB:=EVI}"
if [ -z "${EVI_SERVER_DIR:-}" ]; then
	EVI_SERVER_DIR=$(mktemp -d /tmp/evi-seserver.XXXXXX)
	own_dir=1
else
	own_dir=0
fi
EVI_STATE=$EVI_SERVER_DIR
dir=$EVI_SERVER_DIR/vpnserver

# shellcheck disable=SC2317
stop() {
	trap - EXIT INT TERM
	evi_se_server_stop "$dir" 10
	[ "$own_dir" = 0 ] || rm -rf "$EVI_SERVER_DIR"
	exit 0
}
trap stop EXIT INT TERM

pid=$(evi_se_server_start "$EVI_NS_SRV" "$dir")
evi_log "softether-server: vpnserver pid $pid in $EVI_NS_SRV"
if [ -n "${EVI_ADMIN_PASSWORD:-}" ]; then
	evi_se_server_setup "$dir" "$EVI_SRV_PORT" - "$EVI_ADMIN_PASSWORD"
else
	users=()
	[ -z "${EVI_USER1:-}" ] || users+=("$EVI_USER1" "$EVI_PASSWORD1")
	[ -z "${EVI_USER2:-}" ] || [ "${EVI_USER2:-}" = "${EVI_USER1:-}" ] || users+=("$EVI_USER2" "$EVI_PASSWORD2")
	evi_se_server_setup "$dir" "$EVI_SRV_PORT" "$EVI_HUB" "$(od -An -tx1 -N10 /dev/urandom | tr -d ' \n')" "${users[@]}"
fi
evi_log "softether-server: listening on port $EVI_SRV_PORT, hub $EVI_HUB"
[ -z "${EVI_SERVER_READY:-}" ] || touch "$EVI_SERVER_READY"
while evi_tracked_pid "$dir/pid" >/dev/null; do
	sleep 1 &
	wait $! || true
done
evi_log "softether-server: vpnserver exited"
exit 1
