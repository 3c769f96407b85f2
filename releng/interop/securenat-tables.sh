#!/usr/bin/env bash
# securenat-tables.sh DIST OUTDIR - SecureNAT's tables with something in them, side by side: a real
# SoftEther vpnserver, then the EtherVPN distribution DIST (the directory holding bin/ethervpn), each
# fresh in the lab namespace with SecureNAT on hub DEFAULT; a real vpnclient in a second namespace
# gets an address by DHCP (busybox udhcpc, host name pc-lease) and pings 10.99.0.1 (an address of the
# server's namespace) through the NAT; then vpncmd's DhcpTable, NatTable and SecureNatStatusGet.
# Writes OUTDIR/{softether,ethervpn}.{udhcpc,ping,tables}.  Root only; not run by CI (about a
# minute): the SecureNAT namespace tests cover the traffic, VpncmdSideBySideTest the admin output.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 2 ] || { echo "usage: securenat-tables.sh DIST OUTDIR" >&2; exit 2; }
DIST=$(cd "$1" && pwd) OUT=$2
rm -rf "$OUT" && mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
: "${EVI_LAB:=evt$(od -An -tx1 -N2 /dev/urandom | tr -d ' \n')}"
EVI_STATE=$OUT/state
export EVI_STATE EVI_LAB
# shellcheck source=softether.sh
. "$HERE/softether.sh"
mkdir -p "$EVI_STATE"
EV_DATA=$EVI_STATE/ethervpn-data

cleanup() {
	evi_se_client_stop "$EVI_STATE/client" 5 2>/dev/null
	evi_se_server_stop "$EVI_STATE/server" 5 2>/dev/null
	[ ! -e "$EV_DATA/.started" ] || ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" stop --data "$EV_DATA" >/dev/null 2>&1
	evi_netlab_down
}
trap cleanup EXIT
trap 'exit 1' INT TERM

side() {
	local name=$1 tap ip
	{ echo "ServerPasswordSet pw"; echo "Hub DEFAULT"; echo "UserCreate u /GROUP:none /REALNAME:none /NOTE:none"
	  echo "UserPasswordSet u /PASSWORD:upw"; echo "SecureNatEnable"; } |
		evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER >"$OUT/$name.prep" 2>&1 || { evi_die "$name: preparation failed"; return 1; }
	rm -rf "$EVI_STATE/client"
	evi_se_client_start "$EVI_NS_C1" "$EVI_STATE/client" >/dev/null || return 1
	evi_se_client_account "$EVI_STATE/client" evi1 "0.0.0.0/32" "$EVI_SRV_IP" 5555 DEFAULT u upw 1 0 1 0 || return 1
	tap=$(evi_se_client_tap "$EVI_STATE/client")
	ip -n "$EVI_NS_C1" addr flush dev "$tap"
	timeout 20 ip netns exec "$EVI_NS_C1" busybox udhcpc -i "$tap" -n -q -t 5 -x hostname:pc-lease -s /bin/true \
		>"$OUT/$name.udhcpc" 2>&1 || { evi_die "$name: no DHCP lease"; return 1; }
	ip=$(grep -o 'lease of [0-9.]*' "$OUT/$name.udhcpc" | awk '{print $3}')
	ip -n "$EVI_NS_C1" addr add "$ip/24" dev "$tap"
	ip -n "$EVI_NS_C1" route add 10.99.0.0/16 via 192.168.30.1 dev "$tap"
	ip netns exec "$EVI_NS_C1" ping -c 3 -W 2 10.99.0.1 >"$OUT/$name.ping" 2>&1
	{ echo "Hub DEFAULT"; echo DhcpTable; echo NatTable; echo SecureNatStatusGet; } |
		evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER /PASSWORD:pw >"$OUT/$name.tables" 2>&1
	evi_se_client_stop "$EVI_STATE/client" 5
}

evi_netlab_up || exit 1
ip -n "$EVI_NS_SRV" addr add 10.99.0.1/32 dev lo
rc=0
evi_se_server_start "$EVI_NS_SRV" "$EVI_STATE/server" >/dev/null && side softether || rc=1
evi_se_server_stop "$EVI_STATE/server" 10
evi_wait 10 bash -c "! ip netns exec $EVI_NS_SRV ss -H -ltn 'sport = :5555' | grep -q ."
ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" server --data "$EV_DATA" >"$OUT/ethervpn.start.log" 2>&1 &&
	touch "$EV_DATA/.started" && side ethervpn || rc=1
cp "$EV_DATA/logs/ethervpn.log" "$OUT/ethervpn.server.log" 2>/dev/null
exit $rc
