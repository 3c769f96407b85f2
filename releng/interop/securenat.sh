#!/usr/bin/env bash
# securenat.sh - SecureNAT end to end with real peers (issue 17): a VPN server
# in namespace S whose hub has SecureNAT on, an "outside" namespace O reachable
# only from S, a VPN client in namespace C that gets its address by DHCP
# (busybox udhcpc) on its TAP.  Topology: securenat-lab.sh.
#
#   securenat.sh --server softether|ethervpn [--client softether,ethervpn|none] [--bad-input] [--dist DIR] [--keep]
#
# For each client in turn (the real SoftEther vpnclient, our "ethervpn client"):
#   dhcp       lease from the virtual DHCP server: address in 192.168.30.10-200,
#              /24, router = DNS = server id = 192.168.30.1, 7200 s
#   dhcptable  the server lists that lease with the TAP's MAC (vpncmd DhcpTable;
#              on ours also vpn:dhcptable)
#   ping-vh    ICMP echo to the virtual host, no loss
#   dns-proxy  the name resolves through the virtual host's DNS proxy, which
#              asked O's dnsmasq (S's resolv.conf) for it
#   http       download of O's random file by name over TCP, SHA-256 equal
#   udp        200 DNS queries over 4 UDP flows straight to O's dnsmasq (all
#              answered), then iperf3 -u 10 Mbit/s for 2 s (loss stated, < 10 %)
#   icmp-out   ping O, no loss, and O's kernel counted the echo requests
#   nattable   the NAT lists sessions of the client (vpncmd NatTable; on ours
#              also vpn:natlist)
#   status     SecureNatStatusGet counts the DHCP client
# --bad-input then runs run_bad_input (below): malformed frames and thousands of
# flows from one client while another downloads.
# Every check prints "CHECK <client> <name> ok|FAIL <detail>"; all are tried
# (after a failed dhcp the client's other checks are skipped); exit 1 if one
# failed.  Our server is administered with "ethervpn shell" to turn SecureNAT
# on and read by the real vpncmd like SoftEther's, so both print the same.
# DIST (for ethervpn): an unpacked distribution (default: the one under
# product/server/target).  Needs root and releng/interop/install-deps.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SERVER="" CLIENTS=softether,ethervpn DIST="" KEEP=0 BAD=0
while [ $# -gt 0 ]; do
	case "$1" in
	--server) SERVER=$2; shift 2 ;;
	--client) CLIENTS=$2; shift 2 ;;
	--dist) DIST=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--bad-input) BAD=1; shift ;;
	*) echo "usage: securenat.sh --server softether|ethervpn [--client softether,ethervpn] [--dist DIR] [--keep]" >&2; exit 2 ;;
	esac
done
case "$SERVER" in softether|ethervpn) ;; *) echo "securenat.sh: --server softether|ethervpn" >&2; exit 2 ;; esac
# shellcheck source=softether.sh
. "$HERE/softether.sh"
# shellcheck source=securenat-lab.sh
. "$HERE/securenat-lab.sh"
evi_state_init
if [[ "$SERVER,$CLIENTS" == *ethervpn* ]]; then
	[ -n "$DIST" ] || DIST=$(find "$REPO/product/server/target" -mindepth 4 -maxdepth 4 -path '*/bin/ethervpn' 2>/dev/null | head -1 | sed 's,/bin/ethervpn$,,')
	[ -n "$DIST" ] && [ -x "$DIST/bin/ethervpn" ] || { echo "securenat.sh: no distribution (--dist DIR, or build product/server)" >&2; exit 2; }
fi
S=$EVI_STATE
FAILED=0

# shellcheck disable=SC2317
cleanup() {
	trap - EXIT INT TERM
	evi_se_client_stop "$S/sec" 5 2>/dev/null || true
	evi_se_client_stop "$S/seb" 5 2>/dev/null || true
	evi_se_client_stop "$S/sed" 5 2>/dev/null || true
	[ -z "$DIST" ] || { sn_ev_stop "$DIST" "$SN_C" "$S/evc"; sn_ev_stop "$DIST" "$SN_S" "$S/evs"; }
	evi_se_server_stop "$S/ses" 10 2>/dev/null || true
	sn_lab_down
	if [ "$KEEP" = 1 ] || [ "$FAILED" != 0 ]; then evi_log "state and logs kept in $S"; elif [ "${EVI_STATE_OWNED:-0}" = 1 ]; then rm -rf "$S"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() { # NAME CLIENT COMMAND... : run a check function, print its line
	local name=$1 who=$2 out rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	out=$(tr '\n' ' ' <<<"$out" | sed 's/  */ /g; s/ $//')
	if [ "$rc" = 0 ]; then echo "CHECK $who $name ok $out"; else echo "CHECK $who $name FAIL $out"; FAILED=1; fi
	return "$rc"
}

# admin reads: the real vpncmd /SERVER, hub selected, against either server
srv_vpncmd() {
	if [ "$SERVER" = softether ]; then sn_se_server_cmd "$S/ses"; else
		{ echo "Hub $SN_HUB"; cat; } | evi_vpncmd "$SN_S" 127.0.0.1:5555 /SERVER "/PASSWORD:$(cat "$S/evs.admin.pw")"
	fi
}

# ---- the checks (LEASE, TAP, WHO set by run_client) ----------------------------
c_dhcp() {
	local ip last
	sn_dhcp "$SN_C" "$TAP" "$LEASE" || return 1
	ip=$(sn_field ip "$LEASE") last=${ip##*.}
	echo "$(tr '\n' ' ' <"$LEASE")"
	[[ "$ip" == 192.168.30.* ]] && [ "$last" -ge 10 ] && [ "$last" -le 200 ] || { echo "address not in the pool"; return 1; }
	[ "$(sn_field mask "$LEASE")" = 24 ] || { echo "mask"; return 1; }
	for k in router dns serverid; do [ "$(sn_field $k "$LEASE")" = "$SN_VH_IP" ] || { echo "$k is not $SN_VH_IP"; return 1; }; done
	[ "$(sn_field lease "$LEASE")" = 7200 ] || { echo "lease time"; return 1; }
}
c_dhcptable() {
	local ip mac table
	ip=$(sn_field ip "$LEASE")
	mac=$(ip -n "$SN_C" link show "$TAP" | awk '/link\/ether/ { print toupper($2) }' | tr : -)
	table=$(echo DhcpTable | srv_vpncmd) || { echo "$table" | tail -5; return 1; }
	# vpncmd prints one block per lease: MAC Address |02-E1-... Allocated IP |192.168.30.10
	awk -F'|' -v ip="$ip" -v mac="$mac" '/^Allocated IP/ { i = $2 } /^MAC Address/ { m = toupper($2) } i == ip && m == mac { found = 1 } END { exit !found }' <<<"$table" ||
		{ echo "no lease $ip/$mac in DhcpTable:"; sed -n '/DhcpTable command/,$p' <<<"$table"; return 1; }
	echo "$ip $mac listed"
	[ "$SERVER" = ethervpn ] || return 0
	# our own admin path too: vpn:dhcptable (the same admin API as the RPC vpncmd used)
	table=$(sn_ev_shell "$DIST" "$SN_S" "$S/evs" "vpn:dhcptable $SN_HUB" 2>&1) && grep -q "$ip" <<<"$table" ||
		{ echo "not in vpn:dhcptable $SN_HUB: $table"; return 1; }
	echo "and in vpn:dhcptable"
}
c_ping_vh() { evi_ping "$SN_C" "$SN_VH_IP" 5; }
c_dns_proxy() {
	local out before
	before=$(grep -c "query\[A\] $SN_NAME from $SN_S_OUT_IP" "$S/o/dnsmasq.log" || true)
	out=$(ip netns exec "$SN_C" timeout 10 busybox nslookup -type=a "$SN_NAME" "$SN_VH_IP" 2>&1) || { echo "$out"; return 1; }
	grep -q "^Address: $SN_O_IP\$" <<<"$out" || { echo "$out"; return 1; }
	[ "$(grep -c "query\[A\] $SN_NAME from $SN_S_OUT_IP" "$S/o/dnsmasq.log" || true)" -gt "$before" ] ||
		{ echo "resolved, but O's dnsmasq was not asked by S"; return 1; }
	echo "$SN_NAME -> $SN_O_IP via $SN_VH_IP, upstream O's dnsmasq"
}
c_http() {
	local f=$S/download.$WHO out t0 ms size
	rm -f "$f"
	t0=$(date +%s%N)
	out=$(ip netns exec "$SN_C" timeout 60 busybox wget -q -O "$f" "http://$SN_NAME:8080/blob" 2>&1) || { echo "wget: $out"; return 1; }
	ms=$(( ($(date +%s%N) - t0) / 1000000 )) size=$(stat -c %s "$f")
	[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$(cat "$S/o/blob.sha256")" ] || { echo "SHA-256 differs ($size bytes)"; return 1; }
	echo "$size bytes in $ms ms (wget and resolver start included), SHA-256 equal"
}
c_udp() {
	local burst j
	burst=$(ip netns exec "$SN_C" timeout 30 python3 "$HERE/sn-dnsburst.py" "$SN_O_IP" "$SN_NAME" --count 200 --sockets 4) ||
		{ echo "DNS burst: $burst"; return 1; }
	j=$(ip netns exec "$SN_C" timeout 20 iperf3 -c "$SN_O_IP" -p 5201 -u -b 10M -t 2 -J 2>&1) || { echo "iperf3 -u: $(jq -r '.error // empty' <<<"$j" 2>/dev/null || echo "$j" | tail -2)"; return 1; }
	echo "DNS burst: $burst; iperf3 -u 10M 2 s: $(jq -r '.end.sum | "\(.packets) packets, \(.lost_packets) lost (\(.lost_percent | tostring | .[0:5]) %)"' <<<"$j")"
	jq -e '.end.sum.packets > 800 and .end.sum.lost_percent < 10' <<<"$j" >/dev/null
}
# O's kernel counter of ICMP echo requests received (/proc/net/snmp Icmp: InEchos)
o_in_echos() {
	ip netns exec "$SN_O" awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i; h = 1 } else print $c }' /proc/net/snmp
}
c_icmp_out() {
	local before after
	before=$(o_in_echos)
	evi_ping "$SN_C" "$SN_O_IP" 5 || return 1
	after=$(o_in_echos)
	echo "O counted $((after - before)) echo requests"
	[ $((after - before)) -ge 5 ]
}
c_nattable() {
	local ip table rc=0
	ip=$(sn_field ip "$LEASE")
	table=$(echo NatTable | srv_vpncmd) || { echo "$table" | tail -5; return 1; }
	# vpncmd prints SrcHost/DestHost, which SoftEther fills with the dotted address when it has no name
	awk -F'|' -v ip="$ip" '/^Source Host/ && $2 == ip { n++ } END { print n + 0 " sessions of " ip " in vpncmd NatTable;"; exit !(n > 0) }' <<<"$table" ||
		{ sed -n '/NatTable command/,$p' <<<"$table" | head -14; rc=1; }
	[ "$SERVER" = ethervpn ] || return "$rc"
	table=$(sn_ev_shell "$DIST" "$SN_S" "$S/evs" "vpn:natlist $SN_HUB" 2>&1) && grep -q "$ip" <<<"$table" ||
		{ echo "no session of $ip in vpn:natlist $SN_HUB: $table"; return 1; }
	echo "listed in vpn:natlist"
	return "$rc"
}
c_status() {
	local st
	st=$(echo SecureNatStatusGet | srv_vpncmd) || { echo "$st" | tail -5; return 1; }
	st=$(sed -n '/SecureNatStatusGet command/,$p' <<<"$st" | grep '|' | grep -v '^Item')
	echo "$st"
	grep -qE '^Allocated DHCP Clients +\|[1-9]' <<<"$st"
}

# ---- bad input (--bad-input) -------------------------------------------------------
# A real vpnclient in C that holds a lease writes malformed DHCP/ARP/IPv4/TCP/UDP
# frames and thousands of new flows (sn-badframes.py) on its TAP while a real
# vpnclient in D downloads O's file again and again; every download must
# complete intact, D must still be served afterwards, and our server must have
# counted what it dropped and refused (SecureNatStatus.framesDropped/flowsRefused).
snat_counters() { # "DROPPED REFUSED" from our vpn:securenatstatusget
	sn_ev_shell "$DIST" "$SN_S" "$S/evs" "vpn:securenatstatusget $SN_HUB" >"$S/snstatus.$1" 2>&1 || return 1
	awk '{ l = tolower($0) } l ~ /dropped/ { match($0, /[0-9]+[^0-9]*$/); d = substr($0, RSTART) + 0 }
		l ~ /refused/ { match($0, /[0-9]+[^0-9]*$/); r = substr($0, RSTART) + 0 } END { print d + 0, r + 0 }' "$S/snstatus.$1"
}
# D downloads O's file until the injection is over ($S/inject.done), then once more
c_bad_download() {
	local n=0 ok=0 f=$S/download.d t0 last=0
	t0=$(evi_now_ms)
	while [ "$last" = 0 ]; do
		[ ! -e "$S/inject.done" ] || last=1
		rm -f "$f"
		n=$((n + 1))
		ip netns exec "$SN_D" timeout 60 busybox wget -q -O "$f" "http://$SN_O_IP:8080/blob" >/dev/null 2>&1 &&
			[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$(cat "$S/o/blob.sha256")" ] && ok=$((ok + 1))
		[ "$n" -lt 100 ] || break
	done
	echo "$ok of $n downloads intact in $(( $(evi_now_ms) - t0 )) ms"
	[ "$ok" = "$n" ] && [ "$n" -ge 2 ]
}
run_bad_input() {
	local tap mac ip vhmac dl before="" after inj rc=0 t0
	sn_lab_add_d || { echo "CHECK badinput setup FAIL namespace D"; FAILED=1; return 0; }
	if ! sn_se_client_up "$S/seb" evi1 u1 p1 5555 "$SN_C" || ! sn_se_client_up "$S/sed" evi2 u2 p2 5555 "$SN_D" "$SN_SRV_IP_D"; then
		echo "CHECK badinput connect FAIL the clients did not connect"; FAILED=1; return 0
	fi
	WHO=badinput
	check dhcp-c badinput sn_dhcp "$SN_C" "$(cat "$S/seb/tap")" "$S/lease.c" || return 0
	check dhcp-d badinput sn_dhcp "$SN_D" "$(cat "$S/sed/tap")" "$S/lease.d" || return 0
	tap=$(cat "$S/seb/tap") ip=$(sn_field ip "$S/lease.c")
	mac=$(ip -n "$SN_C" link show "$tap" | awk '/link\/ether/ { print $2 }')
	evi_ping_warm "$SN_C" "$SN_VH_IP" 10 || true
	vhmac=$(ip -n "$SN_C" neigh show "$SN_VH_IP" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
	[ "$SERVER" = softether ] || before=$(snat_counters before) || true
	rm -f "$S/inject.done"
	c_bad_download >"$S/bad-download.out" 2>&1 & dl=$!
	sleep 0.3
	t0=$(evi_now_ms)
	inj=$(ip netns exec "$SN_C" timeout 60 python3 "$HERE/sn-badframes.py" "$tap" --src-mac "$mac" --src-ip "$ip" \
		--vh-ip "$SN_VH_IP" --vh-mac "${vhmac:-ff:ff:ff:ff:ff:ff}" --target "$SN_O_IP" --rounds 20 --flows 3000 2>&1) || rc=$?
	inj="$inj in $(( $(evi_now_ms) - t0 )) ms"
	touch "$S/inject.done"
	echo "CHECK badinput inject $([ "$rc" = 0 ] && echo ok || echo FAIL) $inj (from $ip $mac, virtual host $vhmac)"
	[ "$rc" = 0 ] || FAILED=1
	wait "$dl" && echo "CHECK badinput other-client-download ok $(cat "$S/bad-download.out")" ||
		{ echo "CHECK badinput other-client-download FAIL $(cat "$S/bad-download.out")"; FAILED=1; }
	WHO=d LEASE=$S/lease.d
	SN_C_SAVED=$SN_C SN_C=$SN_D
	check other-client-ping-vh badinput c_ping_vh || true
	check other-client-dns-proxy badinput c_dns_proxy || true
	SN_C=$SN_C_SAVED
	if [ "$SERVER" = softether ]; then
		echo "CHECK badinput server-status ok $(echo SecureNatStatusGet | srv_vpncmd | grep -E '^NAT .*Sessions' | tr -s ' ' | tr '\n' ' ')"
	else
		after=$(snat_counters after) || after=""
		read -r d0 r0 <<<"${before:-0 0}"; read -r d1 r1 <<<"${after:-0 0}"
		if [ -n "$after" ] && [ "$d1" -gt "$d0" ] && [ "$r1" -gt "$r0" ]; then
			echo "CHECK badinput counters ok framesDropped $d0 -> $d1, flowsRefused $r0 -> $r1"
		else
			echo "CHECK badinput counters FAIL framesDropped $d0 -> $d1, flowsRefused $r0 -> $r1: $(tr '\n' ' ' <"$S/snstatus.after" 2>/dev/null)"
			FAILED=1
		fi
	fi
	evi_se_client_stop "$S/seb" 5; evi_se_client_stop "$S/sed" 5
}

run_client() { # softether|ethervpn
	WHO=$1 LEASE=$S/lease.$1
	local t0 ok=1
	t0=$(evi_now_ms)
	case "$WHO" in
	softether) sn_se_client_up "$S/sec" evi1 u1 p1 && TAP=$(cat "$S/sec/tap") || ok=0 ;;
	ethervpn) TAP=${SN_LAB}t; sn_ev_client_up "$DIST" "$S/evc" "$TAP" u2 p2 || ok=0 ;;
	esac
	[ "$ok" = 1 ] || { echo "CHECK $WHO connect FAIL the client did not connect"; FAILED=1; return 0; }
	evi_log "client $WHO connected in $(( $(evi_now_ms) - t0 )) ms"
	if check dhcp "$WHO" c_dhcp; then
		check dhcptable "$WHO" c_dhcptable || true
		check ping-vh "$WHO" c_ping_vh || true
		check dns-proxy "$WHO" c_dns_proxy || true
		check http "$WHO" c_http || true
		check udp "$WHO" c_udp || true
		check icmp-out "$WHO" c_icmp_out || true
		check nattable "$WHO" c_nattable || true
		check status "$WHO" c_status || true
	fi
	case "$WHO" in
	softether) evi_se_client_stop "$S/sec" 10 ;;
	ethervpn) sn_ev_stop "$DIST" "$SN_C" "$S/evc" ;;
	esac
	: >"/etc/netns/$SN_C/resolv.conf"
	evi_log "client $WHO done in $(( $(evi_now_ms) - t0 )) ms"
}

t0=$(evi_now_ms)
sn_lab_up
case "$SERVER" in
softether) out=$(sn_se_server_up "$S/ses" u1 p1 u2 p2 2>&1) ;;
ethervpn) out=$(sn_ev_server_up "$DIST" "$S/evs" u1 p1 u2 p2 2>&1) ;;
esac || { echo "CHECK server securenat-on FAIL $out"; FAILED=1; exit 1; }
echo "CHECK server securenat-on ok"
evi_log "lab and $SERVER server with SecureNAT up in $(( $(evi_now_ms) - t0 )) ms"
for c in ${CLIENTS//,/ }; do [ "$c" = none ] || run_client "$c"; done
[ "$BAD" = 0 ] || run_bad_input
evi_log "securenat.sh --server $SERVER: $([ "$FAILED" = 0 ] && echo 'all checks passed' || echo 'FAILED') in $(( $(evi_now_ms) - t0 )) ms"
exit "$FAILED"
