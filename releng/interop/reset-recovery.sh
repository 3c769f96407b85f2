#!/usr/bin/env bash
# reset-recovery.sh - how long two real SoftEther vpnclients (8 TCP connections each, talking
# through the server under iperf3) take to carry traffic again after N (--resets, 3) of each one's
# connections are reset on the server side (ss -K), against our server or a real vpnserver (issue 16).
#
#   releng/interop/reset-recovery.sh [--resets N] [--limit S] ours DIST   # DIST: unpacked distribution
#   releng/interop/reset-recovery.sh [--resets N] [--limit S] real
#
# Prints one line: "recovered after X s" (3 pings each way without loss, counted from the resets;
# the first try is 1 s after them) or "not recovered within S s", then each client's session
# status and, for ours, the server's session lines. Needs root and the Debian packages
# softether-vpnclient/-vpnserver/-vpncmd and iperf3 (install-deps.sh); everything runs in private
# namespaces named hrr<random>*.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RESETS=3 LIMIT=120
while [ $# -gt 0 ]; do
	case $1 in
	--resets) RESETS=$2; shift 2 ;;
	--limit) LIMIT=$2; shift 2 ;;
	*) break ;;
	esac
done
MODE=${1:-}
DIST=${2:-}
case $MODE in
ours) [ -x "$DIST/bin/ethervpn" ] || { echo "usage: $0 [--resets N] [--limit S] ours DIST | real" >&2; exit 2; } ;;
real) ;;
*) echo "usage: $0 [--resets N] [--limit S] ours DIST | real" >&2; exit 2 ;;
esac
export EVI_LAB=hrr$(printf '%04x' $((RANDOM)))
EVI_STATE=$(mktemp -d /tmp/evi-reset.XXXXXX)
export EVI_STATE
# shellcheck source=softether.sh
. "$HERE/softether.sh"

cleanup() {
	evi_se_client_stop "$EVI_STATE/c1" || true
	evi_se_client_stop "$EVI_STATE/c2" || true
	if [ "$MODE" = ours ]; then
		ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" stop --data "$EVI_STATE/data" >/dev/null 2>&1 || true
	else
		evi_se_server_stop "$EVI_STATE/srv" || true
	fi
	evi_netlab_down
	rm -rf "$EVI_STATE"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

evi_netlab_up || exit 1
if [ "$MODE" = ours ]; then
	ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" server --data "$EVI_STATE/data" >/dev/null || exit 1
	ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" shell --data "$EVI_STATE/data" -c 'vpn:hubcreate EVI;
		vpn:usercreate EVI u1; vpn:userpasswordset EVI u1 p1; vpn:usercreate EVI u2; vpn:userpasswordset EVI u2 p2' \
		>/dev/null || exit 1
else
	evi_se_server_start "$EVI_NS_SRV" "$EVI_STATE/srv" >/dev/null || exit 1
	evi_se_server_setup "$EVI_STATE/srv" 5555 EVI adminpw u1 p1 u2 p2 || exit 1
fi
evi_se_client_start "$EVI_NS_C1" "$EVI_STATE/c1" >/dev/null || exit 1
evi_se_client_start "$EVI_NS_C2" "$EVI_STATE/c2" >/dev/null || exit 1
export EVI_CONNECT_TIMEOUT=40
evi_se_client_account "$EVI_STATE/c1" evi1 "$EVI_VPN_IP1/24" "$EVI_SRV_IP" 5555 EVI u1 p1 8 0 1 0 || exit 1
evi_se_client_account "$EVI_STATE/c2" evi2 "$EVI_VPN_IP2/24" "$EVI_SRV_IP" 5555 EVI u2 p2 8 0 1 0 || exit 1
evi_ping_warm "$EVI_NS_C1" "$EVI_VPN_IP2" 30 || { echo "no ping through the hub before the resets" >&2; exit 1; }

ip netns exec "$EVI_NS_C2" timeout $((LIMIT + 30)) iperf3 -s -1 -B "$EVI_VPN_IP2" >/dev/null 2>&1 &
sleep 0.5
ip netns exec "$EVI_NS_C1" timeout $((LIMIT + 30)) iperf3 -c "$EVI_VPN_IP2" -t 8 >/dev/null 2>&1 &
sleep 2
for c in "$EVI_UL_IP1" "$EVI_UL_IP2"; do
	for p in $(ip netns exec "$EVI_NS_SRV" ss -Htn state established src "$EVI_SRV_IP:5555" dst "$c" |
		awk '{print $4}' | sed 's/.*://' | head -"$RESETS"); do
		ip netns exec "$EVI_NS_SRV" ss -K src "$EVI_SRV_IP:5555" dst "$c" dport = ":$p" >/dev/null 2>&1
	done
done
t0=$(evi_now_ms)
evi_log "reset $RESETS connections of each client"
sleep 1 # the clients drop their connections within ms: a ping from before does not count
ok=0
while [ $(( $(evi_now_ms) - t0 )) -lt $((LIMIT * 1000)) ]; do
	if evi_ping "$EVI_NS_C1" "$EVI_VPN_IP2" 3 >/dev/null && evi_ping "$EVI_NS_C2" "$EVI_VPN_IP1" 3 >/dev/null; then
		ok=1
		break
	fi
	sleep 0.5
done
ms=$(( $(evi_now_ms) - t0 ))
if [ $ok = 1 ]; then
	printf 'recovered after %d.%d s (%s, %s resets per client, load %s)\n' $((ms / 1000)) $((ms % 1000 / 100)) "$MODE" \
		"$RESETS" "$(cut -d' ' -f1-3 /proc/loadavg)"
else
	printf 'not recovered within %d s (%s, %s resets per client, load %s)\n' "$LIMIT" "$MODE" "$RESETS" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
fi
for c in c1 c2; do
	st=$(evi_se_client_status "$EVI_STATE/$c")
	echo "$c: $(evi_status_field 'Session Status' <<<"$st"), session $(evi_status_field 'Session Name' <<<"$st")," \
		"$(evi_status_field 'Number of TCP Connections' <<<"$st") connections"
done
[ "$MODE" = real ] || grep -E 'Session .* (created|ended)' "$EVI_STATE/data/logs/ethervpn.log" | sed -E 's/^[^ ]+ ([^ ]+) .*\] Session /\1 /' | cut -c1-120
[ $ok = 1 ]
