#!/usr/bin/env bash
# vpncmd-side-by-side.sh DIST OUTDIR - one vpncmd batch (/IN: file) against a
# real SoftEther vpnserver and then against the EtherVPN distribution DIST (the
# directory holding bin/ethervpn), both in the same lab namespace, fresh, with
# a real SoftEther vpnclient logged in from a second namespace, so that
# SessionList/SessionGet/SessionDisconnect show a real session on both.
#
# Writes OUTDIR/{softether,ethervpn}.{batch,out,config} (the batch, vpncmd's
# output, the ConfigGet file), {softether,ethervpn}.snat.out (SessionList/SessionGet of the
# SecureNAT session and its refused SessionDisconnect), {softether,ethervpn}.hublist.out (HubList
# while SecureNAT runs), {softether,ethervpn}.shell.out (our remote
# shell's SecureNAT commands against that server) and OUTDIR/*.log.  Exit 0 when both batches
# completed every command; comparing the outputs is the caller's job
# (VpncmdSideBySideTest).  Root only; needs the Debian SoftEther packages.
# Everything runs in namespaces ${EVI_LAB}srv / ${EVI_LAB}c1 (deleted at exit).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 2 ] || { echo "usage: vpncmd-side-by-side.sh DIST OUTDIR" >&2; exit 2; }
DIST=$(cd "$1" && pwd) OUT=$2
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
: "${EVI_LAB:=evs$(od -An -tx1 -N2 /dev/urandom | tr -d ' \n')}"
EVI_STATE=$OUT/state
export EVI_STATE EVI_LAB
# shellcheck source=softether.sh
. "$HERE/softether.sh"
mkdir -p "$EVI_STATE"

PW=side-$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
SESS_PW=sesspw1
BRDEV=${EVI_LAB}lan  # a veth in the server namespace for BridgeCreate
EV_DATA=$EVI_STATE/ethervpn-data

cleanup() {
	evi_se_client_stop "$EVI_STATE/client" 5 2>/dev/null
	evi_se_server_stop "$EVI_STATE/server" 5 2>/dev/null
	[ ! -e "$EV_DATA/.started" ] || ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" stop --data "$EV_DATA" >/dev/null 2>&1
	evi_netlab_down
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# the batch: every command the issue lists, in one file; $1 = the client's session.  SecureNAT
# (issue 17) runs on hub SIDE, where no client is: its NAT and DHCP tables are empty on both.  The local
# bridge opens in the background on both servers ("Error" until then): it is listed ~38 commands
# (~2 s) after BridgeCreate.
batch() {
	cat <<EOF
ServerInfoGet
ServerStatusGet
HubCreate SIDE /PASSWORD:hubpw
HubList
BridgeCreate SIDE /DEVICE:$BRDEV /TAP:no
Hub SIDE
UserCreate alice /GROUP:none /REALNAME:Alice /NOTE:side
UserPasswordSet alice /PASSWORD:alicepw
UserCreate bob /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet bob /PASSWORD:bobpw
UserList
UserGet alice
UserDelete bob
UserList
Hub DEFAULT
UserGet sess
SessionList
SessionGet $1
SessionDisconnect $1
ListenerCreate 7777
ListenerList
ListenerDisable 7777
ListenerList
ListenerEnable 7777
ListenerList
ListenerDelete 7777
ListenerList
ServerCipherGet
ServerCipherSet ECDHE-RSA-AES256-GCM-SHA384
ServerCipherGet
Hub SIDE
CascadeCreate tonowhere /SERVER:10.211.0.99:5555 /HUB:DEFAULT /USERNAME:linkuser
CascadePasswordSet tonowhere /PASSWORD:linkpw /TYPE:standard
CascadeList
CascadeOnline tonowhere
CascadeList
CascadeOffline tonowhere
CascadeList
CascadeDelete tonowhere
CascadeList
SecureNatStatusGet
SecureNatEnable
SecureNatHostSet /MAC:5E-AA-BB-CC-DD-02 /IP:192.168.77.1 /MASK:255.255.255.0
SecureNatHostGet
NatGet
NatSet /MTU:1400 /TCPTIMEOUT:3600 /UDPTIMEOUT:90 /LOG:no
NatGet
NatDisable
NatGet
NatEnable
DhcpGet
DhcpSet /START:192.168.77.10 /END:192.168.77.99 /MASK:255.255.255.0 /EXPIRE:3600 /GW:192.168.77.1 /DNS:192.168.77.1 /DNS2:192.0.2.53 /DOMAIN:side.example /LOG:no /PUSHROUTE:192.0.2.0/255.255.255.0/192.168.77.1
DhcpGet
DhcpDisable
DhcpGet
DhcpEnable
NatTable
DhcpTable
SecureNatStatusGet
SecureNatDisable
NatGet
BridgeList
BridgeDelete SIDE /DEVICE:$BRDEV
BridgeList
ConfigGet side-config.txt
ServerPasswordSet $PW
EOF
}

# the vpn: commands `ethervpn shell --server` runs against each server after the batch
shell_script() {
	cat <<'EOF'
vpn:securenatenable SIDE
vpn:securenathostset --ip 192.168.78.1 --mask 255.255.255.0 SIDE
vpn:natset --mtu 1300 --log yes SIDE
vpn:dhcpset --start 192.168.78.10 --end 192.168.78.20 --gw 192.168.78.1 --dns 192.168.78.1 --dns2 none --domain none SIDE
vpn:securenathostget SIDE
vpn:natget SIDE
vpn:dhcpget SIDE
vpn:securenatstatusget SIDE
vpn:natlist SIDE
vpn:dhcptable SIDE
vpn:securenatdisable SIDE
EOF
}

# run_side NAME : the client logs in, then the batch; the server is up
run_side() {
	local name=$1 sid t0
	{
		echo "ServerPasswordSet $PW"
		echo "Hub DEFAULT"
		echo "UserCreate sess /GROUP:none /REALNAME:none /NOTE:none"
		echo "UserPasswordSet sess /PASSWORD:$SESS_PW"
	} | evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER >"$OUT/$name.prep.log" 2>&1 || { evi_die "$name: preparation failed (see $name.prep.log)"; return 1; }
	# a fresh vpnclient for each server: one that had a session with the real
	# server first kept closing its new connection to the second one at once
	rm -rf "$EVI_STATE/client"
	evi_se_client_start "$EVI_NS_C1" "$EVI_STATE/client" >/dev/null || return 1
	evi_se_client_account "$EVI_STATE/client" evi1 "$EVI_VPN_IP1/$EVI_VPN_PREFIX" "$EVI_SRV_IP" 5555 DEFAULT sess "$SESS_PW" 1 0 1 0 ||
		return 1
	sid=$(echo "SessionList" | evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER "/PASSWORD:$PW" /ADMINHUB:DEFAULT 2>&1 |
		awk -F'|' '$1 ~ /^Session Name/ { print $2; exit }')
	[ -n "$sid" ] || { evi_die "$name: no session of the client"; return 1; }
	batch "$sid" >"$OUT/$name.batch"
	t0=$(evi_now_ms)
	# ConfigGet writes into vpncmd's working directory (a leading / would make it an option)
	rm -rf "${OUT:?}/$name.cwd" && mkdir -p "$OUT/$name.cwd"
	(cd "$OUT/$name.cwd" && EVI_VPNCMD_TIMEOUT=60 evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER "/PASSWORD:$PW" \
		<"$OUT/$name.batch" >"$OUT/$name.out" 2>&1)
	local rc=$?
	evi_log "$name: batch rc=$rc in $(( $(evi_now_ms) - t0 )) ms"
	mv "$OUT/$name.cwd/side-config.txt" "$OUT/$name.config" 2>/dev/null || true
	# SecureNAT's session (after the batch: the bridge is gone, so it is the hub's only one): listed,
	# shown, and disconnecting it refused, which ends vpncmd's batch, so it comes last
	local snat
	snat=$(printf 'Hub SIDE\nSecureNatEnable\nSessionList\n' | evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER "/PASSWORD:$PW" 2>&1 |
		awk -F'|' '$1 ~ /^Session Name/ && $2 ~ /^SID-SECURENAT-/ { print $2; exit }')
	[ -n "$snat" ] || { evi_log "$name: SecureNAT's session is not listed"; rc=1; }
	printf 'Hub SIDE\nSessionList\nSessionGet %s\nSessionDisconnect %s\n' "$snat" "$snat" |
		evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER "/PASSWORD:$PW" >"$OUT/$name.snat.out" 2>&1
	# the hub list counts SecureNAT's session among the hub's sessions
	printf 'HubList\n' | evi_vpncmd "$EVI_NS_SRV" 127.0.0.1:5555 /SERVER "/PASSWORD:$PW" >"$OUT/$name.hublist.out" 2>&1
	# our remote shell's SecureNAT commands against the same server (issue 17): SoftEther's and ours
	shell_script >"$OUT/$name.shell.gosh"
	timeout 120 ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" shell --server 127.0.0.1:5555 --password "$PW" \
		"$OUT/$name.shell.gosh" >"$OUT/$name.shell.out" 2>&1 || { evi_log "$name: remote shell failed (see $name.shell.out)"; rc=1; }
	evi_se_client_stop "$EVI_STATE/client" 5
	return $rc
}

evi_netlab_up || exit 1
ip -n "$EVI_NS_SRV" link add "$BRDEV" type veth peer name "${BRDEV}p" || exit 1
ip -n "$EVI_NS_SRV" link set "$BRDEV" up && ip -n "$EVI_NS_SRV" link set "${BRDEV}p" up

side_softether() {
	evi_se_server_start "$EVI_NS_SRV" "$EVI_STATE/server" >/dev/null || return 1
	run_side softether || rc=1
	cp "$EVI_STATE/server/priv/log/server_log/"*.log "$OUT/softether.server.log" 2>/dev/null
	evi_se_server_stop "$EVI_STATE/server" 10
	evi_wait 10 bash -c "! ip netns exec $EVI_NS_SRV ss -H -ltn 'sport = :5555' | grep -q ."
}
side_ethervpn() {
	ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" server --data "$EV_DATA" >"$OUT/ethervpn.start.log" 2>&1 || {
		evi_die "ethervpn server did not start: $(tail -3 "$OUT/ethervpn.start.log")"; return 1; }
	touch "$EV_DATA/.started"
	run_side ethervpn || rc=1
	cp "$EV_DATA/logs/ethervpn.log" "$OUT/ethervpn.server.log" 2>/dev/null
	ip netns exec "$EVI_NS_SRV" "$DIST/bin/ethervpn" stop --data "$EV_DATA" >/dev/null 2>&1 && rm -f "$EV_DATA/.started"
}
rc=0
for side in ${EVI_SIDES:-softether ethervpn}; do "side_$side" || rc=1; done
cp "$EVI_STATE/vpncmd.log" "$OUT/vpncmd.log" 2>/dev/null
exit $rc
