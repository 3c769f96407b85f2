# shellcheck shell=bash
# securenat-lab.sh - bash library (source it after softether.sh) for the
# SecureNAT end-to-end tests and benchmark: a hub whose SecureNAT gives VPN
# clients an address and a way out, checked with real peers.  Needs root.
#
#   namespace C ($SN_C)              namespace S ($SN_S)                namespace O ($SN_O)
#   snu 10.231.0.2 ====veth==== snu 10.231.0.1                         "outside"
#   TAP (address from DHCP)         VPN server, hub $SN_HUB           HTTP :8080 (random file)
#     192.168.30.x/24 via             with SecureNAT on               dnsmasq :53 ($SN_NAME -> O)
#     the virtual host 192.168.30.1   sno 10.232.0.1 ====veth==== sno 10.232.0.2, iperf3 -s :5201
#                                     default route -> 10.232.0.2
#
# O is reachable only from S (C has no route to 10.232.0.0/24 but through the
# VPN), so everything C gets from O went through SecureNAT's NAT.  S's DNS
# upstream is O's dnsmasq: /etc/netns/$SN_S/resolv.conf, which "ip netns exec"
# bind-mounts over /etc/resolv.conf for every process started in S.  C's
# resolv.conf (/etc/netns/$SN_C/resolv.conf) is written by the DHCP client's
# script from the lease.  Everything is removed by sn_lab_down: processes in
# our namespaces by PID, the namespaces, the /etc/netns directories.

: "${SN_LAB:=evn$(printf '%04x' $((RANDOM)))}"
SN_S=${SN_LAB}s SN_O=${SN_LAB}o SN_C=${SN_LAB}c
: "${SN_SRV_IP:=10.231.0.1}" "${SN_C_IP:=10.231.0.2}" "${SN_S_OUT_IP:=10.232.0.1}" "${SN_O_IP:=10.232.0.2}"
: "${SN_HUB:=SNAT}" "${SN_NAME:=snat-test.example}" "${SN_FILE_MB:=4}"
: "${SN_VH_IP:=192.168.30.1}"
export SN_LAB SN_S SN_O SN_C SN_SRV_IP SN_O_IP SN_HUB SN_NAME
SN_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# sn_lab_up : namespaces, veths, routes, resolv.conf of S, and O's three servers
# (state, logs and the served file under $EVI_STATE/o).
sn_lab_up() {
	local ns
	evi_need ip busybox dnsmasq iperf3 python3 jq sha256sum || return 1
	for ns in "$SN_S" "$SN_O" "$SN_C"; do
		evi_ns_exists "$ns" && { evi_die "namespace $ns exists already"; return 1; }
	done
	for ns in "$SN_S" "$SN_O" "$SN_C"; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
	done
	ip -n "$SN_C" link add snu type veth peer name snu netns "$SN_S" || return 1
	ip -n "$SN_S" link add sno type veth peer name sno netns "$SN_O" || return 1
	ip -n "$SN_C" addr add "$SN_C_IP/24" dev snu && ip -n "$SN_C" link set snu up
	ip -n "$SN_S" addr add "$SN_SRV_IP/24" dev snu && ip -n "$SN_S" link set snu up
	ip -n "$SN_S" addr add "$SN_S_OUT_IP/24" dev sno && ip -n "$SN_S" link set sno up
	ip -n "$SN_O" addr add "$SN_O_IP/24" dev sno && ip -n "$SN_O" link set sno up
	ip -n "$SN_S" route add default via "$SN_O_IP" || return 1
	mkdir -p "/etc/netns/$SN_S" "/etc/netns/$SN_C"
	echo "nameserver $SN_O_IP" >"/etc/netns/$SN_S/resolv.conf"
	: >"/etc/netns/$SN_C/resolv.conf"
	sn_outside_up
}

# sn_outside_up : O's HTTP server (a $SN_FILE_MB MB random file), dnsmasq
# (authoritative for $SN_NAME -> $SN_O_IP, nothing else, no upstream) and iperf3.
sn_outside_up() {
	local d=$EVI_STATE/o
	mkdir -p "$d/www"
	head -c "$((SN_FILE_MB * 1048576))" /dev/urandom >"$d/www/blob"
	sha256sum "$d/www/blob" | cut -d' ' -f1 >"$d/blob.sha256"
	(cd "$d/www" && exec ip netns exec "$SN_O" setsid busybox httpd -f -p "$SN_O_IP:8080" -h "$d/www") \
		</dev/null >"$d/httpd.out" 2>&1 &
	evi_track "$d/httpd.pid" $!
	(exec ip netns exec "$SN_O" setsid dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
		--listen-address="$SN_O_IP" --except-interface=lo --pid-file="$d/dnsmasq.pidfile" --user=root \
		--address="/$SN_NAME/$SN_O_IP" --cache-size=0 --log-queries --log-facility="$d/dnsmasq.log" --dns-forward-max=1000) \
		</dev/null >"$d/dnsmasq.out" 2>&1 &
	evi_track "$d/dnsmasq.pid" $!
	(exec ip netns exec "$SN_O" setsid iperf3 -s -B "$SN_O_IP" -p 5201) </dev/null >"$d/iperf3.out" 2>&1 &
	evi_track "$d/iperf3.pid" $!
	evi_wait 10 evi_listening "$SN_O" 8080 || { evi_die "httpd in $SN_O: $(cat "$d/httpd.out")"; return 1; }
	evi_wait 10 evi_listening "$SN_O" 5201 || { evi_die "iperf3 in $SN_O: $(cat "$d/iperf3.out")"; return 1; }
	evi_wait 10 evi_listening "$SN_O" 53 || { evi_die "dnsmasq in $SN_O: $(cat "$d/dnsmasq.out")"; return 1; }
	# S itself resolves through O (what SecureNAT's DNS proxy will use)
	ip netns exec "$SN_S" busybox nslookup -type=a "$SN_NAME" | grep -q "^Address: $SN_O_IP\$" ||
		{ evi_die "S cannot resolve $SN_NAME through O's dnsmasq"; return 1; }
}

# sn_lab_down : stop what runs in our namespaces (ours: TERM, then KILL, by
# PID), delete them and their /etc/netns directories.
sn_lab_down() {
	local d=$EVI_STATE/o
	evi_stop_tracked 3 "$d/httpd.pid" "$d/dnsmasq.pid" "$d/iperf3.pid" 2>/dev/null || true
	EVI_NS_C1=$SN_C EVI_NS_C2=$SN_O EVI_NS_SRV=$SN_S evi_netlab_down
	EVI_NS_C1=$SN_D EVI_NS_C2=$SN_D EVI_NS_SRV=$SN_D evi_netlab_down
	rm -rf "/etc/netns/$SN_S" "/etc/netns/$SN_C" "/etc/netns/$SN_D"
}

# ---- servers -----------------------------------------------------------------
# sn_se_server_up DIR USER PW [USER PW...] : a real vpnserver in S with hub
# $SN_HUB and the users, SecureNAT on with SoftEther's defaults; admin password
# in DIR/admin.pw.  Its user-mode NAT is what is compared with ours: the
# kernel-mode and raw-IP modes need iptables/raw sockets on the host, which S
# lacks (checked by sn_se_nat_mode).
sn_se_server_up() {
	local dir=$1 apw
	shift
	apw=$(od -An -tx1 -N10 /dev/urandom | tr -d ' \n')
	echo "$apw" >"$dir.admin.pw"
	evi_se_server_start "$SN_S" "$dir" >/dev/null || return 1
	evi_se_server_setup "$dir" 5555 "$SN_HUB" "$apw" "$@" || return 1
	printf 'Hub %s\nSecureNatEnable\n' "$SN_HUB" | evi_vpncmd "$dir" localhost:5555 /SERVER "/PASSWORD:$apw" >/dev/null
}

# sn_se_server_cmd DIR <COMMANDS : vpncmd /SERVER batch (hub $SN_HUB selected) against the real vpnserver of DIR
sn_se_server_cmd() {
	{ echo "Hub $SN_HUB"; cat; } | evi_vpncmd "$1" localhost:5555 /SERVER "/PASSWORD:$(cat "$1.admin.pw")"
}

# sn_ev_server_up DIST DATA USER PW [USER PW...] : our server in S (server.json
# by ethervpn-config.py: listener $SN_EV_PORT (5555), hub $SN_HUB and the users),
# SecureNAT turned on with vpn:securenatenable, admin password set (in
# DATA.admin.pw, for vpncmd); its PID tracked in DATA.pid.
sn_ev_server_up() {
	local dist=$1 data=$2 users=() out
	shift 2
	while [ $# -ge 2 ]; do users+=(--user "$1" "$2"); shift 2; done
	mkdir -p "$data"
	python3 "$SN_HERE/ethervpn-config.py" "$data/server.json" --listener "${SN_EV_PORT:-5555}" --hub "$SN_HUB" "${users[@]}" || return 1
	ip netns exec "$SN_S" "$dist/bin/ethervpn" server --data "$data" >"$data.start.out" 2>&1 ||
		{ evi_die "ethervpn server did not start: $(tail -5 "$data.start.out")"; return 1; }
	evi_track "$data.pid" "$(cat "$data/run/server.pid")"
	od -An -tx1 -N10 /dev/urandom | tr -d ' \n' >"$data.admin.pw"
	out=$(sn_ev_shell "$dist" "$SN_S" "$data" "vpn:serverpasswordset $(cat "$data.admin.pw"); vpn:securenatenable $SN_HUB" 2>&1) ||
		{ evi_die "vpn:securenatenable $SN_HUB: $out"; return 1; }
}

# sn_ev_shell DIST NS DATA CMD : one "ethervpn shell" command line in NS; its output
sn_ev_shell() {
	ip netns exec "$2" timeout 60 "$1/bin/ethervpn" shell --data "$3" -c "$4"
}

# sn_ev_stop DIST NS DATA : "ethervpn stop" (graceful) for the runtime on DATA in NS
sn_ev_stop() {
	[ -d "$3" ] || return 0
	ip netns exec "$2" timeout 60 "$1/bin/ethervpn" stop --data "$3" >/dev/null 2>&1 || true
}

# ---- clients -----------------------------------------------------------------
# sn_se_client_up DIR NIC USER PW [PORT [NS [SERVER_IP]]] : a real vpnclient in
# NS ($SN_C), NIC created (TAP renamed, see evi_se_client_nic; its name in
# DIR/tap), no static address, account connected to SERVER_IP ($SN_SRV_IP):PORT
# (5555) hub $SN_HUB.
sn_se_client_up() {
	local dir=$1 nic=$2
	evi_se_client_start "${6:-$SN_C}" "$dir" >/dev/null || return 1
	evi_se_client_account "$dir" "$nic" - "${7:-$SN_SRV_IP}" "${5:-5555}" "$SN_HUB" "$3" "$4" 1 0 1 0
}

# sn_ev_client_up DIST DATA TAP USER PW [PORT] : our client runtime in C (PID
# tracked in DATA.pid), its TAP, account "evi" for $SN_SRV_IP:PORT (5555)
# connected (sn_ev_client_connect).
sn_ev_client_up() {
	local dist=$1 data=$2 tap=$3
	mkdir -p "$data"
	ip netns exec "$SN_C" "$dist/bin/ethervpn" client --data "$data" >"$data.start.out" 2>&1 ||
		{ evi_die "ethervpn client did not start: $(tail -5 "$data.start.out")"; return 1; }
	evi_track "$data.pid" "$(cat "$data/run/server.pid")"
	ip netns exec "$SN_C" timeout 60 "$dist/bin/ethervpn" shell --data "$data" - >"$data.setup.out" 2>&1 <<-EOF ||
		vpn:niccreate $tap
		vpn:accountcreate --server $SN_SRV_IP:${6:-5555} --hub $SN_HUB --user $4 --nic $tap evi
		vpn:accountpasswordset evi $5
	EOF
		{ evi_die "ethervpn client set-up: $(tail -5 "$data.setup.out")"; return 1; }
	echo "$tap" >"$data.tap"
	sn_ev_client_connect "$dist" "$data"
}

# sn_ev_client_connect DIST DATA : connect our client's account "evi" with a fresh
# TAP MAC (a new DHCP client to the server); waits until CONNECTED (30 s).
sn_ev_client_connect() {
	local dist=$1 data=$2 tap st end
	tap=$(cat "$data.tap")
	ip -n "$SN_C" link set dev "$tap" address "02:e2$(od -An -tx1 -N4 /dev/urandom | tr -s ' ' ':' | sed 's/:$//')" || return 1
	ip -n "$SN_C" link set "$tap" up
	sn_ev_shell "$dist" "$SN_C" "$data" "vpn:accountconnect evi" >/dev/null || return 1
	end=$(( $(evi_now_ms) + 30000 ))
	until st=$(sn_ev_shell "$dist" "$SN_C" "$data" "vpn:accountstatusget evi" 2>&1) && grep -q '^STATE: *CONNECTED' <<<"$st"; do
		[ "$(evi_now_ms)" -lt "$end" ] || { evi_die "our client is not connected after 30 s:\n$st"; return 1; }
		sleep 0.5
	done
}

# sn_dhcp NS TAP OUT : a real DHCP client (busybox udhcpc) on TAP in NS; its
# script (sn-udhcpc.script) applies address, default route and DNS and writes
# the lease's fields to OUT (ip, mask, router, dns, lease, serverid, domain).
# udhcpc gives up after 10 DISCOVERs 1 s apart.
sn_dhcp() {
	local ns=$1 tap=$2 out=$3
	rm -f "$out"
	SN_LEASE_OUT=$out SN_RESOLV="/etc/netns/$ns/resolv.conf" ip netns exec "$ns" timeout 40 \
		busybox udhcpc -i "$tap" -f -q -n -t 10 -T 1 -A 1 -s "$SN_HERE/sn-udhcpc.script" >"$out.log" 2>&1 ||
		{ evi_die "udhcpc on $tap in $ns: no lease: $(tail -5 "$out.log")"; return 1; }
	[ -s "$out" ] || { evi_die "udhcpc: no lease written"; return 1; }
}

# sn_field KEY FILE : value of KEY=VALUE in FILE
sn_field() { sed -n "s/^$1=//p" "$2" | head -1; }

# sn_lab_add_d : a second client namespace $SN_D (veth snd: 10.231.1.2 there,
# 10.231.1.1 in S), for the bad-input test's well-behaved client.
SN_D=${SN_LAB}d SN_SRV_IP_D=10.231.1.1
sn_lab_add_d() {
	evi_ns_exists "$SN_D" && { evi_die "namespace $SN_D exists already"; return 1; }
	ip netns add "$SN_D" || return 1
	ip -n "$SN_D" link set lo up
	ip netns exec "$SN_D" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
	ip -n "$SN_D" link add snd type veth peer name snd netns "$SN_S" || return 1
	ip -n "$SN_D" addr add 10.231.1.2/24 dev snd && ip -n "$SN_D" link set snd up
	ip -n "$SN_S" addr add "$SN_SRV_IP_D/24" dev snd && ip -n "$SN_S" link set snd up
	mkdir -p "/etc/netns/$SN_D"
	: >"/etc/netns/$SN_D/resolv.conf"
}
