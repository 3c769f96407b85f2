#!/usr/bin/env bash
# softether-vpncmd.sh DAEMON_DIR ADMIN_PW [VPNCMD_ARGS...] <COMMANDS
#   Runs vpncmd commands (one per line on stdin) against the real vpnserver that
#   softether-server.sh started (DAEMON_DIR = $EVI_SERVER_DIR/vpnserver, started with
#   EVI_ADMIN_PASSWORD=ADMIN_PW) or a vpnbridge (evi_se_bridge_start/_setup), inside that daemon's private namespaces, with
#   the harness's timeouts and checks (evi_vpncmd): exit 0 only if every command
#   completed.  E.g. from a test: HubCreate, UserCreate, CascadeCreate ...
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=softether.sh
. "$HERE/softether.sh"
[ $# -ge 2 ] || { echo "usage: softether-vpncmd.sh DAEMON_DIR ADMIN_PW [VPNCMD_ARGS...] <COMMANDS" >&2; exit 2; }
dir=$1 pw=$2
shift 2
EVI_STATE=$(dirname "$dir")
export EVI_STATE
evi_vpncmd "$dir" localhost:5555 /SERVER "/PASSWORD:$pw" "$@"
