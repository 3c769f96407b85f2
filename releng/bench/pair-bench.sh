#!/usr/bin/env bash
# pair-bench.sh - two VPN stacks in ONE run on the same machine:
#   softether : a real SoftEther vpnserver + two real vpnclients (Debian 5.01)
#   ethervpn  : our server ("ethervpn server") + two of our client runtimes ("ethervpn client")
# Ping RTT and iperf3 throughput from client 1's TAP to client 2's through the hub, and CPU
# seconds per process (server, client1, client2) over the iperf3 window.  All six daemons run
# for the whole run (one lab, the servers on two ports); only the stack being measured has
# sessions, and the stacks alternate per variant and repetition (A,B,A,B) so that slow drifts
# of the machine's load hit both alike.  Not part of CI (the --quick smoke is).  See README.md.
#
# Usage (root):
#   releng/bench/pair-bench.sh [--variants one,tcp8,noenc] [--time 10] [--parallel 1]
#        [--reps 2] [--warmup 3] [--prewarm 10] [--out DIR] [--dist DIR] [--softether-nice N|keep] [--mixed] [--keep-logs] [--start-warmup MS] [--tls-engine native|jdk] [--adapter-reader loop|thread] [--shared-loop N]
#   releng/bench/pair-bench.sh --quick [--out DIR] [--dist DIR]
#   releng/bench/pair-bench.sh --cold [--variants one] [--reps 3] [--out DIR] [--dist DIR] [--mixed] [--start-warmup MS]
#
#   --variants LIST      one (1 TCP connection), tcp8 (8), noenc (1, encryption off); default all three
#   --time S             measured iperf3 seconds (default 10)
#   --parallel N         iperf3 -P N streams (default 1), the same for both stacks
#   --reps N             repetitions; each runs every variant on softether, then ethervpn (default 2)
#   --warmup S           an unmeasured iperf3 of S s before each measured one (default 3; JIT)
#   --prewarm S          before the first repetition, one unmeasured session per stack with an
#                        iperf3 of S s (default 10; rows in prewarm.tsv): our freshly started
#                        JVMs ran the first session at a fraction of their later speed
#   --out DIR            results (default /tmp/evi-pair-bench-<date>): results.tsv (every
#                        measurement), summary.tsv / summary.json / summary.md (medians per variant)
#   --dist DIR           unpacked EtherVPN distribution (default: the one in product/server/target,
#                        built by ./mvnw -B -q -o -DskipTests package -pl product/server -am)
#   --softether-nice N   the SoftEther daemons renice themselves to -20; they are put back to N
#                        (default 0: the priority our JVMs and the machine's other jobs have, since
#                        on a loaded machine -20 buys CPU from the others); "keep" leaves -20
#   --tls-engine E       native (default: BoringSSL between our peers) or jdk (nativeEngine=false in
#                        org.ethervpn.cipher.modern.cfg of all three runtimes: the JDK's TLS, as before)
#   --adapter-reader R   loop (default: a session's epoll event loop reads our clients' TAP once it carries
#                        frames) or thread (adapterOnEventLoop=false in org.ethervpn.client.cfg: the
#                        adapter's reader thread hands every batch over, as before)
#   --shared-loop N      our server's sharedLoopSessions (default: the product's, 8: a hub with up to 8
#                        sessions keeps them on one event loop; 0: each connection stays where accepted)
#   --start-warmup MS    our runtimes' data-path warm-up at start (warmupMillis, ms; 0: off);
#                        default: the product's own default
#   --mixed              a third stack per variant: the real vpnclients through OUR server (tells
#                        whether a gap comes from our server or from our client)
#   --keep-logs          keep daemon logs and iperf3 JSON in DIR/logs (always kept on a failure)
#   --quick              smoke: --variants one --time 2 --reps 1 --warmup 1 --prewarm 0
#   --cold               the first seconds: every measurement restarts the daemons of the stack it
#                        measures (ours: server and both client JVMs; SoftEther's: the trio, with
#                        fresh state) and measures with no pre-warm and no warm-up: connect, ping -c 5,
#                        iperf3 -t 10 (per-second series from its JSON). Also times our server's
#                        start-to-ready (run/server written). Extra output: cold.tsv, cold.md.
#                        --time, --variants, --reps still apply (--warmup/--prewarm are forced to 0)
# Exit status: 0 when every measurement passed, 1 when one failed (its row says why), 2 usage.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
INTEROP=$REPO/releng/interop

VARIANTS=one,tcp8,noenc SECS=10 PAR=1 REPS=2 WARMUP=3 PREWARM=10 OUT="" DIST="" NICE=0 KEEP=0 STACKS="softether ethervpn"
COLD=0 PING_N=10 START_WARMUP=""
while [ $# -gt 0 ]; do
	case "$1" in
	--variants|--variant) VARIANTS=$2; shift 2 ;;
	--time) SECS=$2; shift 2 ;;
	--parallel) PAR=$2; shift 2 ;;
	--reps) REPS=$2; shift 2 ;;
	--warmup) WARMUP=$2; shift 2 ;;
	--prewarm) PREWARM=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--dist) DIST=$2; shift 2 ;;
	--softether-nice) NICE=$2; shift 2 ;;
	--keep-logs) KEEP=1; shift ;;
	--mixed) STACKS="softether ethervpn mixed"; shift ;;
	--quick) VARIANTS=one SECS=2 REPS=1 WARMUP=1 PREWARM=0; shift ;;
	--cold) COLD=1; shift ;;
	--start-warmup) START_WARMUP=$2; shift 2 ;;
	--tls-engine) TLS_ENGINE=$2; shift 2 ;;
	--adapter-reader) ADAPTER_READER=$2; shift 2 ;;
	--shared-loop) SHARED_LOOP=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (--help)" >&2; exit 2 ;;
	esac
done
VARIANTS=${VARIANTS//,/ }
# cold: nothing warms the JVMs before the measured iperf3; the ping right after connecting
[ "$COLD" = 0 ] || WARMUP=0 PREWARM=0 PING_N=5
for v in $VARIANTS; do
	case "$v" in one|tcp8|noenc) ;; *) echo "unknown variant '$v' (one, tcp8, noenc)" >&2; exit 2 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, TAP devices)" >&2; exit 2; }
if [ -z "$DIST" ]; then
	DIST=$(find "$REPO/product/server/target" -mindepth 4 -maxdepth 4 -path '*/bin/ethervpn' 2>/dev/null | head -1)
	DIST=${DIST%/bin/ethervpn}
fi
[ -n "$DIST" ] && [ -x "$DIST/bin/ethervpn" ] || {
	echo "no EtherVPN distribution; build it: ./mvnw -B -q -o -DskipTests package -pl product/server -am (or --dist DIR)" >&2
	exit 2
}
DIST=$(cd "$DIST" && pwd)
EVPN=$DIST/bin/ethervpn
[ -n "$OUT" ] || OUT=/tmp/evi-pair-bench-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# a lab of our own: random namespace prefix, so parallel runs do not collide
: "${EVI_LAB:=evb$(od -An -tx1 -N2 /dev/urandom | tr -d ' \n')}"
export EVI_LAB
# shellcheck source=../interop/softether.sh
. "$INTEROP/softether.sh"
if ! "$INTEROP/install-deps.sh" --check 2>/dev/null; then "$INTEROP/install-deps.sh"; fi
evi_need ip ss ping iperf3 jq vpnserver vpnclient vpncmd unshare nsenter setsid timeout python3
export EVI_IPERF_PARALLEL=$PAR
# a loaded machine makes logins slow (a cold JVM, or a vpnclient at nice 0): wait, do not fail
export EVI_CONNECT_TIMEOUT=${EVI_CONNECT_TIMEOUT:-60} EVI_ALLOW_RETRY=${EVI_ALLOW_RETRY:-1}

SE_PORT=5555 EV_PORT=5556 HUB=EVI
# our TAPs sit next to SoftEther's in the same namespaces: another subnet
EV_IP1=10.213.0.1 EV_IP2=10.213.0.2 EV_TAP=evetap
randpw() { od -An -tx1 -N10 /dev/urandom | tr -d ' \n'; }
U1=u1 P1=$(randpw) U2=u2 P2=$(randpw)

EVI_STATE="" EVI_STATE_OWNED=0
evi_state_init
S=$EVI_STATE
LAB=0 FAILED=0
T0=$(evi_now_ms)

# ---- our runtimes ----------------------------------------------------------------
ev_dir() { echo "$S/ev-$1"; }                                  # srv | c1 | c2
ev_ns() { case "$1" in srv) echo "$EVI_NS_SRV" ;; c1) echo "$EVI_NS_C1" ;; c2) echo "$EVI_NS_C2" ;; esac; }
ev_pid() { evi_tracked_pid "$(ev_dir "$1")/tracked.pid"; }
# ev_start ROLE WHO : "ethervpn server|client" in WHO's namespace (returns once ready)
ev_start() {
	local d
	d=$(ev_dir "$2")
	ip netns exec "$(ev_ns "$2")" "$EVPN" "$1" --data "$d" >"$d.start.out" 2>&1 ||
		{ evi_die "ethervpn $1 in $(ev_ns "$2") did not start: $(tail -5 "$d.start.out")"; return 1; }
	evi_track "$d/tracked.pid" "$(cat "$d/run/server.pid")"
}
# ev_shell WHO <SCRIPT : vpn: commands, one per line, against WHO's runtime (stops at the first failure)
ev_shell() { ip netns exec "$(ev_ns "$1")" timeout 60 "$EVPN" shell --data "$(ev_dir "$1")" -; }
ev_stop() {
	local d
	d=$(ev_dir "$1")
	ev_pid "$1" >/dev/null 2>&1 || return 0
	ip netns exec "$(ev_ns "$1")" timeout 30 "$EVPN" stop --data "$d" >/dev/null 2>&1 || true
	evi_stop_tracked 5 "$d/tracked.pid"
}
ev_field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ +/, ""); print; exit }'; }
# rows of the CONNECTIONS table (indented, after the NAME header)
ev_conns() { awk '/^CONNECTIONS:/ { t = 1; next } t && /^  / && $1 != "NAME" { n++ } END { print n + 0 }'; }

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	ev_stop c1 & ev_stop c2 & ev_stop srv
	wait
	evi_stop_tracked 10 "$S/sc1/pid" "$S/sc2/pid" "$S/ssrv/pid" "$S/iperf3-srv.pid"
	[ "$LAB" = 0 ] || evi_netlab_down
	if [ "$KEEP" = 1 ] || [ "$FAILED" = 1 ] || [ "$rc" != 0 ]; then
		mkdir -p "$OUT/logs"
		# daemon output, vpncmd transcripts, our logs, iperf3 JSON; not caches or the overlay scratch
		tar -C "$S" --exclude='./*/priv/tmp' --exclude='./*/priv/ovl' --exclude='./ev-*/run' \
			--exclude='./ev-*/plugins' -cf - . | tar -xf - -C "$OUT/logs"
	fi
	[ "${EVI_STATE_OWNED:-0}" != 1 ] || rm -rf "$S"
	evi_log "pair-bench: cleaned up, $(( ($(evi_now_ms) - T0) / 1000 )) s in all"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- set-up: lab, both servers, four clients ---------------------------------------
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
evi_log "pair-bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), variants '$VARIANTS', iperf3 -t $SECS -P $PAR, warm-up $WARMUP s, $REPS rep(s), lab $EVI_LAB -> $OUT"
evi_netlab_exists && { evi_die "namespaces of lab $EVI_LAB exist (EVI_LAB=another prefix)"; exit 1; }
LAB=1
evi_netlab_up
mkdir -p "$(ev_dir srv)" "$(ev_dir c1)" "$(ev_dir c2)"
python3 "$INTEROP/ethervpn-config.py" "$(ev_dir srv)/server.json" --listener "$EV_PORT" --hub "$HUB" \
	--user "$U1" "$P1" --user "$U2" "$P2"
if [ -n "$START_WARMUP" ]; then
	# ConfigAdmin files read at start (the launcher adds mode=server to the server's)
	for w in srv c1 c2; do
		mkdir -p "$(ev_dir $w)/etc"
		echo "warmupMillis=$START_WARMUP" >>"$(ev_dir $w)/etc/org.ethervpn.server.cfg"
		echo "warmupMillis=$START_WARMUP" >"$(ev_dir $w)/etc/org.ethervpn.client.cfg"
	done
	rm "$(ev_dir c1)/etc/org.ethervpn.server.cfg" "$(ev_dir c2)/etc/org.ethervpn.server.cfg"
fi
if [ "${TLS_ENGINE:-native}" = jdk ]; then
	for w in srv c1 c2; do
		mkdir -p "$(ev_dir $w)/etc"
		echo "nativeEngine=false" >"$(ev_dir $w)/etc/org.ethervpn.cipher.modern.cfg"
	done
fi
if [ "${ADAPTER_READER:-loop}" = thread ]; then
	for w in c1 c2; do
		mkdir -p "$(ev_dir $w)/etc"
		echo "adapterOnEventLoop=false" >>"$(ev_dir $w)/etc/org.ethervpn.client.cfg"
	done
fi
if [ -n "${SHARED_LOOP:-}" ]; then
	mkdir -p "$(ev_dir srv)/etc"
	echo "sharedLoopSessions=$SHARED_LOOP" >>"$(ev_dir srv)/etc/org.ethervpn.server.cfg"
fi
# the JVMs start while SoftEther is set up
ev_start server srv & j_es=$!
ev_start client c1 & j_ec1=$!
ev_start client c2 & j_ec2=$!
evi_se_client_start "$EVI_NS_C1" "$S/sc1" >/dev/null & j_sc1=$!
evi_se_client_start "$EVI_NS_C2" "$S/sc2" >/dev/null & j_sc2=$!
evi_se_server_start "$EVI_NS_SRV" "$S/ssrv" >/dev/null
evi_se_server_setup "$S/ssrv" "$SE_PORT" "$HUB" "$(randpw)" "$U1" "$P1" "$U2" "$P2"
for j in $j_es $j_ec1 $j_ec2 $j_sc1 $j_sc2; do wait "$j" || { evi_die "a daemon did not start"; exit 1; }; done
if [ "$NICE" != keep ]; then
	# -g: every thread of the group (setsid made each daemon its own group leader)
	for f in ssrv sc1 sc2; do renice -n "$NICE" -g "$(evi_tracked_pid "$S/$f/pid")" >/dev/null; done
fi
# our NIC and account (one JVM shell call per client), SoftEther's NIC: both clients at once
client_setup() {
	local i=$1 ip u p ns
	if [ "$i" = 1 ]; then ip=$EV_IP1 u=$U1 p=$P1; else ip=$EV_IP2 u=$U2 p=$P2; fi
	ev_shell "c$i" >"$S/ev-c$i.setup.out" 2>&1 <<-EOF || { evi_die "client c$i set-up: $(tail -3 "$S/ev-c$i.setup.out")"; return 1; }
		vpn:niccreate $EV_TAP
		vpn:accountcreate --server $EVI_SRV_IP:$EV_PORT --hub $HUB --user $u --nic $EV_TAP evi
		vpn:accountpasswordset evi $p
		vpn:accountretryset --interval 5 evi
	EOF
	ns=$(ev_ns "c$i")
	ip -n "$ns" addr add "$ip/24" dev "$EV_TAP" && ip -n "$ns" link set "$EV_TAP" up || return 1
	# SoftEther's TAP: made once here, its address stays (evi_se_client_account keeps it)
	if [ "$i" = 1 ]; then ip=$EVI_VPN_IP1; else ip=$EVI_VPN_IP2; fi
	evi_se_client_nic "$S/sc$i" "evi$i" "evitap$i" "$ip/$EVI_VPN_PREFIX"
}
client_setup 1 & j1=$!
client_setup 2 || exit 1
wait "$j1" || exit 1
evi_log "pair-bench: six daemons up after $(( ($(evi_now_ms) - T0) / 1000 )) s"

# ---- --cold: fresh daemons for every measurement ---------------------------------------
renice_se() { [ "$NICE" = keep ] || renice -n "$NICE" -g "$(evi_tracked_pid "$S/$1/pid")" >/dev/null; }
# our client's TAP is not persistent: the new JVM makes it anew (from client.json), without address
ev_tap_up() {
	local ns ip
	ns=$(ev_ns "c$1")
	if [ "$1" = 1 ]; then ip=$EV_IP1; else ip=$EV_IP2; fi
	evi_wait 20 ip -n "$ns" link show "$EV_TAP" || { evi_die "c$1: TAP $EV_TAP did not come back"; return 1; }
	ip -n "$ns" -o addr show dev "$EV_TAP" | grep -q " $ip/" || ip -n "$ns" addr add "$ip/24" dev "$EV_TAP" || return 1
	ip -n "$ns" link set "$EV_TAP" up
}
# a real vpnclient with fresh state and its NIC (the old TAP goes with the old process)
se_client_fresh() {
	local i=$1 ns ip
	ns=$(ev_ns "c$i")
	if [ "$i" = 1 ]; then ip=$EVI_VPN_IP1; else ip=$EVI_VPN_IP2; fi
	evi_se_client_stop "$S/sc$i" 5
	evi_wait 10 sh -c "! ip -n $ns link show evitap$i >/dev/null 2>&1" || true
	rm -rf "$S/sc$i"
	evi_se_client_start "$ns" "$S/sc$i" >/dev/null && renice_se "sc$i" &&
		evi_se_client_nic "$S/sc$i" "evi$i" "evitap$i" "$ip/$EVI_VPN_PREFIX"
}
# cold_restart STACK: stops and starts the three daemons STACK's measurement uses; READY_S is
# the server's start-to-ready (ours: "ethervpn server" until run/server; SoftEther's: until it
# listens on 5555, before its configuration)
cold_restart() {
	local stack=$1 t j1 j2
	READY_S=NA
	case $stack in
	ethervpn) ev_stop c1 & ev_stop c2 & ev_stop srv; wait ;;
	softether) evi_se_server_stop "$S/ssrv" 5 & se_client_stop_all ;;
	mixed) ev_stop srv & se_client_stop_all ;;
	esac
	t=$(evi_now_ms)
	if [ "$stack" = softether ]; then
		rm -rf "$S/ssrv"
		evi_se_server_start "$EVI_NS_SRV" "$S/ssrv" >/dev/null || return 1
		READY_S=$(awk -v a="$t" -v b="$(evi_now_ms)" 'BEGIN { printf "%.2f", (b - a) / 1000 }')
		evi_se_server_setup "$S/ssrv" "$SE_PORT" "$HUB" "$(randpw)" "$U1" "$P1" "$U2" "$P2" && renice_se ssrv || return 1
	else
		ev_start server srv || return 1
		READY_S=$(awk -v a="$t" -v b="$(evi_now_ms)" 'BEGIN { printf "%.2f", (b - a) / 1000 }')
	fi
	if [ "$stack" = ethervpn ]; then
		{ ev_start client c1 && ev_tap_up 1; } & j1=$!
		{ ev_start client c2 && ev_tap_up 2; } & j2=$!
	else
		se_client_fresh 1 & j1=$!
		se_client_fresh 2 & j2=$!
	fi
	wait "$j1" && wait "$j2"
}
se_client_stop_all() { evi_se_client_stop "$S/sc1" 5 & evi_se_client_stop "$S/sc2" 5; wait; }
COLD_RES=$OUT/cold.tsv
[ "$COLD" = 0 ] || printf 'rep\tvariant\tstack\tresult\tserver_ready_s\tgbps_first\trtt_avg_ms\tgbps_per_second\n' >"$COLD_RES"

# ---- one measurement ------------------------------------------------------------------
variant_opts() { case "$1" in one) echo "1 1" ;; tcp8) echo "8 1" ;; noenc) echo "1 0" ;; esac; }  # maxtcp encrypt

# the CPU window: snapshots of the three processes of the stack measured ($CPU_PIDS) around
# the iperf3 client (evi_iperf3 calls the hook; it runs in a subshell, hence files)
evi_iperf3_window_hook() {
	local p i=0
	for p in $CPU_PIDS; do i=$((i + 1)); evi_cpu_snapshot "$p" >"$S/cpu.$i.$1"; done
	evi_now_ms >"$S/cpu.t.$1"
}
cpu_report() {  # "WINDOW_S SRV_S C1_S C2_S"
	local i out
	out=$(awk -v a="$(cat "$S/cpu.t.start")" -v b="$(cat "$S/cpu.t.end")" 'BEGIN { printf "%.2f", (b - a) / 1000 }')
	for i in 1 2 3; do out+=" $(evi_cpu_delta "$S/cpu.$i.start" "$S/cpu.$i.end" | cut -d' ' -f1)"; done
	echo "$out"
}

# ev_connect WHO MAXTCP ENC : settings, connect, wait for MAXTCP established TCP connections to our
# server (ss: no JVM start per poll), then check the account's status once
ev_connect() {
	local who=$1 ns st end=$(( $(evi_now_ms) + (EVI_CONNECT_TIMEOUT + 2 * $2) * 1000 ))
	ns=$(ev_ns "$who")
	# a fresh MAC per session, as for the SoftEther clients (softether.sh, pitfall 5)
	ip -n "$ns" link set dev "$EV_TAP" address "02:e2$(od -An -tx1 -N4 /dev/urandom | tr -s ' ' ':' | sed 's/:$//')" 2>/dev/null || true
	ip -n "$ns" neigh flush dev "$EV_TAP" 2>/dev/null || true
	ev_shell "$who" >"$S/ev-$who.connect.out" 2>&1 <<-EOF || { evi_die "ethervpn $who: $(tail -2 "$S/ev-$who.connect.out")"; return 1; }
		vpn:accountdetailset --maxtcp $2 --interval 1 evi
		vpn:accountencrypt$([ "$3" = 1 ] && echo enable || echo disable) evi
		vpn:accountconnect evi
	EOF
	until [ "$(ip netns exec "$ns" ss -Htn state established dst "$EVI_SRV_IP" dport = ":$EV_PORT" | wc -l)" -ge "$2" ]; do
		[ "$(evi_now_ms)" -lt "$end" ] || break
		sleep 0.2
	done
	# the TCP connections stand before the login is done: poll the status (a JVM start each)
	while :; do
		st=$(echo "vpn:accountstatusget evi" | ev_shell "$who" 2>&1) || st=""
		printf '%s\n' "$st" >"$S/ev-$who.status"
		[ "$(ev_field STATE <<<"$st")" = CONNECTED ] && [ "$(ev_conns <<<"$st")" = "$2" ] && break
		case "$(ev_field STATE <<<"$st")" in REFUSED|GAVE_UP) break ;; esac
		[ "$(evi_now_ms)" -lt "$end" ] || break
		sleep 0.2
	done
	[ "$(ev_field STATE <<<"$st")" = CONNECTED ] && [ "$(ev_conns <<<"$st")" = "$2" ] ||
		{ evi_die "ethervpn $who: not connected with $2 connections: state $(ev_field STATE <<<"$st"), $(ev_conns <<<"$st") connection(s) $(ev_field LAST-ERROR <<<"$st")"; return 1; }
	[ "$(ev_field ENCRYPTED <<<"$st")" = "$([ "$3" = 1 ] && echo yes || echo no)" ] ||
		{ evi_die "ethervpn $who: ENCRYPTED is '$(ev_field ENCRYPTED <<<"$st")'"; return 1; }
}
ev_disconnect() { echo "vpn:accountdisconnect evi" | ev_shell "$1" >/dev/null 2>&1 || true; }

RES=$OUT/results.tsv
printf 'rep\tvariant\tstack\tresult\tgbps\trtt_min_ms\trtt_avg_ms\trtt_max_ms\tconnect_s\twindow_s\tcpu_server_s\tcpu_client1_s\tcpu_client2_s\tnote\tload_rtt_avg_ms\tload_ping_loss_pct\n' >"$RES"

measure() {  # REP VARIANT STACK
	local rep=$1 v=$2 stack=$3 maxc enc t ok=1 why="" gbps=NA rtt="NA/NA/NA" lrtt=NA lloss=NA cs=NA cpu="NA NA NA NA" ip1 ip2 note=""
	read -r maxc enc <<<"$(variant_opts "$v")"
	READY_S=NA
	if [ "$COLD" = 1 ] && ! cold_restart "$stack" >"$S/restart.out" 2>&1; then
		ok=0 why="cold restart: $(grep -h ERROR "$S/restart.out" | tail -1 | sed 's/.*ERROR: //')"
	fi
	t=$(evi_now_ms)
	if [ "$ok" = 0 ]; then
		:
	elif [ "$stack" != ethervpn ]; then
		# softether: the trio; mixed: the real vpnclients through our server
		local port=$SE_PORT srvpid
		srvpid=$(evi_tracked_pid "$S/ssrv/pid")
		[ "$stack" = softether ] || { port=$EV_PORT; srvpid=$(ev_pid srv); }
		ip1=$EVI_VPN_IP1 ip2=$EVI_VPN_IP2
		CPU_PIDS="$srvpid $(evi_tracked_pid "$S/sc1/pid") $(evi_tracked_pid "$S/sc2/pid")"
		evi_se_client_account "$S/sc1" evi1 "$ip1/24" "$EVI_SRV_IP" "$port" "$HUB" "$U1" "$P1" "$maxc" 0 "$enc" 0 2>"$S/acc1.err" & local j1=$!
		evi_se_client_account "$S/sc2" evi2 "$ip2/24" "$EVI_SRV_IP" "$port" "$HUB" "$U2" "$P2" "$maxc" 0 "$enc" 0 2>"$S/acc2.err" & local j2=$!
		wait "$j1" || { ok=0; why+="client1: $(grep ERROR "$S/acc1.err" | tail -1 | sed 's/.*ERROR: //') "; }
		wait "$j2" || { ok=0; why+="client2: $(grep ERROR "$S/acc2.err" | tail -1 | sed 's/.*ERROR: //') "; }
		[ "$ok" = 0 ] || note="$(evi_se_client_summary "$S/sc1")"
	else
		ip1=$EV_IP1 ip2=$EV_IP2
		CPU_PIDS="$(ev_pid srv) $(ev_pid c1) $(ev_pid c2)"
		ev_connect c1 "$maxc" "$enc" 2>"$S/acc1.err" & local j1=$!
		ev_connect c2 "$maxc" "$enc" 2>"$S/acc2.err" & local j2=$!
		wait "$j1" || { ok=0; why+="client1: $(grep ERROR "$S/acc1.err" | tail -1 | sed 's/.*ERROR: //') "; }
		wait "$j2" || { ok=0; why+="client2: $(grep ERROR "$S/acc2.err" | tail -1 | sed 's/.*ERROR: //') "; }
		[ "$ok" = 0 ] || note="conns=$(ev_conns <"$S/ev-c1.status") enc=$(ev_field ENCRYPTED <"$S/ev-c1.status") super=$(ev_field SUPER-FRAMES <"$S/ev-c1.status")$(ev_field TLS <"$S/ev-c1.status" | sed 's/^/ tls=/')"
	fi
	cs=$(awk -v a="$t" -v b="$(evi_now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
	local tag="$rep-$v-$stack"
	rm -f "$S"/cpu.*
	if [ "$ok" = 1 ]; then
		if ! evi_ping_warm "$EVI_NS_C1" "$ip2" 15; then
			ok=0 why="no ping reply through the tunnel within 15 s"
		elif [ "$WARMUP" -gt 0 ] && ! (unset -f evi_iperf3_window_hook; evi_iperf3 "$EVI_NS_C1" "$EVI_NS_C2" "$ip2" "$WARMUP" "$S/iperf3-$tag-warmup.json" >/dev/null 2>"$S/iperf.err"); then
			ok=0 why="warm-up iperf3: $(sed 's/.*ERROR: //' "$S/iperf.err" | tail -1)"
		# the RTT of a warm path (after the warm-up), idle tunnel; with --cold right after connecting
		elif ! rtt=$(evi_ping "$EVI_NS_C1" "$ip2" "$PING_N"); then
			ok=0 why="ping -c $PING_N lost packets ($rtt)"
		else
			# the RTT under load: pings 0.2 s apart along the bulk transfer's direction while the
			# measured iperf3 runs (from 1 s after its start, so they meet a full queue, not its
			# handshake); losses are reported, not a failure
			(sleep 1; ip netns exec "$EVI_NS_C1" timeout $((SECS + 5)) ping -n -q -i 0.2 -w $((SECS > 2 ? SECS - 1 : 1)) "$ip2") \
				>"$S/ping-load-$tag.out" 2>&1 &
			local lpid=$!
			if ! gbps=$(evi_iperf3 "$EVI_NS_C1" "$EVI_NS_C2" "$ip2" "$SECS" "$S/iperf3-$tag.json" 2>"$S/iperf.err"); then
				ok=0 gbps=NA why="iperf3: $(sed 's/.*ERROR: //' "$S/iperf.err" | tail -1)"
			else
				cpu=$(cpu_report)
			fi
			wait "$lpid" || true
			lrtt=$(awk -F'[ /]+' '/^rtt|^round-trip/ { print $8 }' "$S/ping-load-$tag.out")
			lloss=$(grep -o '[0-9.]*% packet loss' "$S/ping-load-$tag.out" | cut -d% -f1)
			[ -n "$lrtt" ] || lrtt=NA
			[ -n "$lloss" ] || lloss=NA
		fi
	fi
	# drop the sessions: the other stack runs next on an idle hub
	if [ "$stack" != ethervpn ]; then
		evi_se_client_disconnect "$S/sc1" >/dev/null 2>&1 & evi_se_client_disconnect "$S/sc2" >/dev/null 2>&1
	else
		ev_disconnect c1 & ev_disconnect c2
	fi
	wait || true
	rtt=${rtt% ms}
	[[ "$rtt" == */*/* ]] || rtt=NA/NA/NA
	local w c0 c1 c2
	read -r w c0 c1 c2 <<<"$cpu"
	if [ "$ok" = 1 ]; then
		printf 'PASS %-9s %-6s rep %s  %6s Gbit/s  ping %s ms  under load %s ms (%s%% lost)  connect %ss  cpu %ss srv=%s c1=%s c2=%s  %s\n' \
			"$stack" "$v" "$rep" "$gbps" "$rtt" "$lrtt" "$lloss" "$cs" "$w" "$c0" "$c1" "$c2" "$note" >&2
	else
		FAILED=1
		note=$why
		printf 'FAIL %-9s %-6s rep %s  %s\n' "$stack" "$v" "$rep" "$why" >&2
	fi
	if [ "$COLD" = 1 ]; then
		# iperf3's JSON has one interval per second (-i 1 is its default): the sender's rate
		local series=NA
		[ "$ok" = 0 ] || series=$(jq -r '[.intervals[].sum.bits_per_second / 1e9 | . * 1000 | round / 1000] | map(tostring) | join(",")' "$S/iperf3-$tag.json" 2>/dev/null) || series=NA
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$v" "$stack" "$([ "$ok" = 1 ] && echo PASS || echo FAIL)" \
			"$READY_S" "$gbps" "$(cut -d/ -f2 <<<"$rtt")" "$series" >>"$COLD_RES"
		evi_log "cold $stack $v rep $rep: server ready in $READY_S s, per second: $series"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$v" "$stack" \
		"$([ "$ok" = 1 ] && echo PASS || echo FAIL)" "$gbps" "${rtt//\//$'\t'}" "$cs" "$w" "$c0" "$c1" "$c2" \
		"$(tr '\t\n' '  ' <<<"$note")" "$lrtt" "$lloss" >>"$RES"
}

if [ "$PREWARM" -gt 0 ]; then
	evi_log "pair-bench: pre-warm, one unmeasured session per stack (iperf3 -t $PREWARM)"
	RES_MAIN=$RES SECS_MAIN=$SECS RES=$OUT/prewarm.tsv SECS=$PREWARM
	head -1 "$RES_MAIN" >"$RES"
	for stack in $STACKS; do measure 0 "${VARIANTS%% *}" "$stack"; done
	RES=$RES_MAIN SECS=$SECS_MAIN
fi
for rep in $(seq 1 "$REPS"); do
	for v in $VARIANTS; do
		for stack in $STACKS; do measure "$rep" "$v" "$stack"; done
	done
done

# ---- summary: medians over the passed repetitions ------------------------------------
"$HERE/pair-bench-summary.sh" "$RES" "$OUT" "$VARIANTS" \
	"$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end, iperf3 -t $SECS -P $PAR, warm-up $WARMUP s, pre-warm $PREWARM s, $REPS rep(s), SoftEther nice $NICE, dist $(basename "$DIST")"
cat "$OUT/summary.md"
[ "$COLD" = 0 ] || { "$HERE/pair-bench-cold.py" "$COLD_RES" >"$OUT/cold.md" && cat "$OUT/cold.md"; }
exit "$FAILED"
