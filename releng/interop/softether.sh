# shellcheck shell=bash
# softether.sh - bash library (source it) for interop tests against the real
# SoftEther VPN programs of Debian (softether-vpnserver / -vpnclient / -vpncmd,
# 5.01.9674).  Needs root.  Used by run-softether-pair.sh; see README.md.
#
# Everything this library creates is named evi*: network namespaces
# ($EVI_NS_SRV, $EVI_NS_C1, $EVI_NS_C2), veths, the bridge, the TAPs.  All state
# (configs, logs, pid files, vpncmd scratch) lives under $EVI_STATE, a private
# mktemp directory.  Processes are stopped by PID (checked against their start
# time, so a recycled PID is never hit), never by name.
#
# Lab (evi_netlab_up):
#
#   $EVI_NS_C1                        $EVI_NS_SRV                        $EVI_NS_C2
#   eviu1 10.211.0.11 ==veth== eviu1s -[bridge evibr0 10.211.0.1]- eviu2s ==veth== eviu2 10.211.0.12
#   evitap1 10.212.0.1/24  (SoftEther TAP)                    (SoftEther TAP)  evitap2 10.212.0.2/24
#
# The server (real vpnserver, or any SoftEther-compatible server the caller
# starts inside $EVI_NS_SRV) listens on $EVI_SRV_IP; the two clients reach it
# over their veth.  The two TAP addresses must sit in different network stacks,
# or the kernel would route 10.212.0.1 -> 10.212.0.2 over lo instead of through
# the VPN.  The namespaces have no default route: nothing can leave them.
#
# Private SoftEther instances: the Debian build has /var/lib/softether,
# /var/log/softether and /run/softether compiled in (configs, logs, pid file
# and single-instance lock), and every SoftEther program - vpncmd included -
# writes a ~2.7 MB unicode cache file to /tmp.  So every SoftEther process runs
# in its own mount namespace where those directories and /tmp are bind mounts
# of directories under $EVI_STATE.  Where a directory does not exist on the
# host, its parent is covered (inside that mount namespace only) by an overlay
# whose upper layer is private, so nothing is ever written outside $EVI_STATE.

# ---- settings (override through the environment before sourcing) -----------
: "${EVI_LAB:=evi}"                   # prefix of the namespaces
: "${EVI_NS_SRV:=${EVI_LAB}srv}"      # server namespace (owns bridge evibr0)
: "${EVI_NS_C1:=${EVI_LAB}c1}"        # client 1 (iperf3 sender)
: "${EVI_NS_C2:=${EVI_LAB}c2}"        # client 2 (iperf3 receiver)
: "${EVI_SRV_IP:=10.211.0.1}"         # server side of the underlay (bridge evibr0)
: "${EVI_UL_IP1:=10.211.0.11}"
: "${EVI_UL_IP2:=10.211.0.12}"
: "${EVI_UL_PREFIX:=24}"
: "${EVI_VPN_IP1:=10.212.0.1}"        # TAP addresses
: "${EVI_VPN_IP2:=10.212.0.2}"
: "${EVI_VPN_PREFIX:=24}"
: "${EVI_VPNCMD_TIMEOUT:=30}"         # seconds per vpncmd call
: "${EVI_TAP_RENAME:=1}"              # 1: rename SoftEther's vpn_<nic> TAP to evitap<N>
: "${EVI_SE_CLIENT_RPC_PORT:=9931}"   # vpnclient's local admin (RPC) port in this build
: "${EVI_IPERF_PORT:=5201}"
export EVI_LAB EVI_NS_SRV EVI_NS_C1 EVI_NS_C2 EVI_SRV_IP EVI_UL_IP1 EVI_UL_IP2 \
	EVI_UL_PREFIX EVI_VPN_IP1 EVI_VPN_IP2 EVI_VPN_PREFIX

# ---- small helpers -----------------------------------------------------------
evi_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
evi_die() { evi_log "ERROR: $*"; return 1; }

evi_need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || { evi_die "missing command '$c' (run releng/interop/install-deps.sh)"; return 1; }
	done
}

# evi_now_ms : monotonic-enough wall clock in milliseconds
evi_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# evi_wait SECONDS CMD... : run CMD every 0.2 s until it succeeds; 1 on timeout.
evi_wait() {
	local t=$1; shift
	local end=$(( $(date +%s%N) + t * 1000000000 ))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# evi_state_init : create $EVI_STATE (mktemp) unless it is set already;
# EVI_STATE_OWNED=1 tells the caller that it was made here (remove it at exit).
evi_state_init() {
	if [ -z "${EVI_STATE:-}" ]; then
		EVI_STATE=$(mktemp -d /tmp/evi-interop.XXXXXX)
		# shellcheck disable=SC2034
		EVI_STATE_OWNED=1
	fi
	mkdir -p "$EVI_STATE"
	export EVI_STATE
}

# ---- processes, by PID + start time ------------------------------------------
# field 22 of /proc/PID/stat (start time), counted after the "(comm)" field
evi_pid_starttime() {
	local s f
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	read -ra f <<<"${s##*) }"
	echo "${f[19]}"
}

# evi_track PIDFILE PID : remember a process we started
evi_track() { echo "$2 $(evi_pid_starttime "$2")" >"$1"; }

# evi_tracked_pid PIDFILE : print the PID if that very process still runs
evi_tracked_pid() {
	local pid st
	[ -s "$1" ] || return 1
	read -r pid st <"$1" || true
	[ -n "$pid" ] && [ -n "$st" ] && [ "$(evi_pid_starttime "$pid" 2>/dev/null)" = "$st" ] && echo "$pid"
}
evi_not_running() { ! evi_tracked_pid "$1" >/dev/null; }

# evi_stop_tracked GRACE_S PIDFILE... : SIGTERM all of them at once, wait up to
# GRACE_S, SIGKILL what is left.  Succeeds when nothing is running.
evi_stop_tracked() {
	local grace=$1 f pid left end
	shift
	for f in "$@"; do
		pid=$(evi_tracked_pid "$f") && kill -TERM "$pid" 2>/dev/null
	done
	end=$(( $(date +%s%N) + grace * 1000000000 ))
	while :; do
		left=""
		for f in "$@"; do evi_tracked_pid "$f" >/dev/null && left+=" $f"; done
		[ -n "$left" ] || break
		if [ "$(date +%s%N)" -ge "$end" ]; then
			for f in $left; do
				pid=$(evi_tracked_pid "$f") && { evi_log "pid $pid ($f) ignored SIGTERM, SIGKILL"; kill -KILL "$pid" 2>/dev/null; }
			done
			sleep 0.2
			break
		fi
		sleep 0.1
	done
	for f in "$@"; do evi_not_running "$f" && rm -f "$f"; done
	return 0
}

# evi_cpu_ticks PID : utime + stime of that process (all its threads), in clock
# ticks (getconf CLK_TCK); 0 if it is gone
evi_cpu_ticks() {
	local s f
	s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return 0; }
	read -ra f <<<"${s##*) }"
	echo $(( f[11] + f[12] ))
}

# evi_cpu_snapshot PID... : one line per process "PID STARTTIME TICKS COMM"
evi_cpu_snapshot() {
	local pid comm
	for pid in "$@"; do
		comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
		echo "$pid $(evi_pid_starttime "$pid") $(evi_cpu_ticks "$pid") ${comm// /_}"
	done
}

# evi_cpu_delta START_SNAPSHOT END_SNAPSHOT : CPU seconds used between the two
# snapshots, summed over the processes of END (matched by PID + start time; a
# process started in between counts in full); prints "SECONDS COMM_OF_THE_BUSIEST"
evi_cpu_delta() {
	awk -v hz="$(getconf CLK_TCK)" '
		FNR == NR { t0[$1 " " $2] = $3; next }
		{ d = $3 - (($1 " " $2) in t0 ? t0[$1 " " $2] : 0); sum += d; if (d >= best) { best = d; comm = $4 } }
		END { printf "%.2f %s\n", sum / hz, (comm == "" ? "-" : comm) }' "$1" "$2"
}

# ---- the lab -----------------------------------------------------------------
evi_ns_exists() { [ -e "/run/netns/$1" ]; }
evi_netlab_exists() { evi_ns_exists "$EVI_NS_SRV" || evi_ns_exists "$EVI_NS_C1" || evi_ns_exists "$EVI_NS_C2"; }

# evi_netlab_up : create the three namespaces and the underlay (see top).
evi_netlab_up() {
	local ns i nsc ipc
	evi_need ip ping ss || return 1
	if evi_netlab_exists; then evi_die "namespaces $EVI_NS_SRV/$EVI_NS_C1/$EVI_NS_C2 already (partly) exist"; return 1; fi
	for ns in "$EVI_NS_SRV" "$EVI_NS_C1" "$EVI_NS_C2"; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		# no IPv6 chatter (DAD, router solicitations) on the lab links and TAPs
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
	done
	ip -n "$EVI_NS_SRV" link add evibr0 type bridge || return 1
	# no netfilter on bridged frames in this namespace (the knobs are per netns)
	# shellcheck disable=SC2016
	ip netns exec "$EVI_NS_SRV" sh -c 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -w "$f" ] && echo 0 >"$f"; done; true'
	ip -n "$EVI_NS_SRV" addr add "$EVI_SRV_IP/$EVI_UL_PREFIX" dev evibr0
	ip -n "$EVI_NS_SRV" link set evibr0 up
	for i in 1 2; do
		if [ "$i" = 1 ]; then nsc=$EVI_NS_C1 ipc=$EVI_UL_IP1; else nsc=$EVI_NS_C2 ipc=$EVI_UL_IP2; fi
		# created directly inside the namespaces: nothing appears in the root one
		ip -n "$nsc" link add "eviu$i" type veth peer name "eviu${i}s" netns "$EVI_NS_SRV" || return 1
		ip -n "$EVI_NS_SRV" link set "eviu${i}s" master evibr0 up
		ip -n "$nsc" addr add "$ipc/$EVI_UL_PREFIX" dev "eviu$i"
		ip -n "$nsc" link set "eviu$i" up
	done
	evi_wait 10 ip netns exec "$EVI_NS_C1" ping -n -c1 -W1 "$EVI_SRV_IP" || { evi_die "$EVI_NS_C1 cannot reach $EVI_SRV_IP"; return 1; }
	evi_wait 10 ip netns exec "$EVI_NS_C2" ping -n -c1 -W1 "$EVI_SRV_IP" || { evi_die "$EVI_NS_C2 cannot reach $EVI_SRV_IP"; return 1; }
	evi_log "lab up: $EVI_NS_SRV ($EVI_SRV_IP), $EVI_NS_C1 ($EVI_UL_IP1), $EVI_NS_C2 ($EVI_UL_IP2)"
}

# evi_netlab_down : delete the namespaces.  Whatever still runs inside them
# was started by us (they are our namespaces): TERM, then KILL, by PID.
evi_netlab_down() {
	local ns pid n
	for ns in "$EVI_NS_C1" "$EVI_NS_C2" "$EVI_NS_SRV"; do
		evi_ns_exists "$ns" || continue
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			evi_log "leftover pid $pid in $ns: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-80)"
			kill -TERM "$pid" 2>/dev/null || true
		done
		for n in $(seq 30); do
			[ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
			sleep 0.1
		done
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
		ip netns del "$ns" 2>/dev/null || evi_log "could not delete namespace $ns"
	done
}

# ---- private SoftEther sandboxes ---------------------------------------------
# The script run by sh inside the new mount namespace: $1 = private dir.
# shellcheck disable=SC2016
EVI_SANDBOX_SH='
set -e
P=$1; shift
cover() { # cover TARGET_DIR PRIVATE_DIR
	if [ ! -d "$1" ]; then
		parent=${1%/*}; name=${1##*/}; key=$(echo "$parent" | tr / _)
		mkdir -p "$P/ovl/$key/upper/$name" "$P/ovl/$key/work"
		mount -t overlay evi-ovl -o "lowerdir=$parent,upperdir=$P/ovl/$key/upper,workdir=$P/ovl/$key/work" "$parent"
	fi
	mount --bind "$2" "$1"
}
cover /var/lib/softether "$P/db"
cover /var/log/softether "$P/log"
cover /run/softether "$P/run"
mount --bind "$P/tmp" /tmp
exec "$@"'

# evi_sandbox_exec NS PRIVDIR CMD... : exec CMD in netns NS, in a new session
# (own process group: SoftEther renices its whole process group to -20 at
# start-up, which would otherwise hit the caller too) and a private mount
# namespace with the SoftEther directories and /tmp mapped into PRIVDIR.
# exec chain ip -> setsid -> unshare -> sh -> CMD keeps one PID.  Meant to be
# run in a subshell or as a background job.
evi_sandbox_exec() {
	local ns=$1 priv=$2
	shift 2
	mkdir -p "$priv/db" "$priv/log" "$priv/run" "$priv/tmp" "$priv/ovl"
	exec ip netns exec "$ns" setsid unshare --mount --propagation private -- \
		/bin/sh -c "$EVI_SANDBOX_SH" evi-sandbox "$priv" "$@"
}

# evi__daemon_start KIND NS STATE_DIR : start "KIND start --foreground" (KIND =
# vpnserver|vpnclient|vpnbridge) privately; PID in STATE_DIR/pid, printed on stdout.
evi__daemon_start() {
	local kind=$1 ns=$2 dir=$3 pid
	evi_need "$kind" unshare setsid nsenter timeout || return 1
	evi_ns_exists "$ns" || { evi_die "no namespace $ns"; return 1; }
	if evi_tracked_pid "$dir/pid" >/dev/null; then evi_die "$kind in $dir already runs"; return 1; fi
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	echo "$ns" >"$dir/netns"
	# never "vpnserver start" (forks a watchdog that restarts it) and never
	# "vpnserver stop" (falls back to killall): --foreground keeps one
	# process whose PID is ours; it stops on SIGTERM.
	(evi_sandbox_exec "$ns" "$dir/priv" "$kind" start --foreground) </dev/null >"$dir/$kind.out" 2>&1 &
	pid=$!
	evi_track "$dir/pid" "$pid"
	# the exec chain must end in the SoftEther binary with the same PID
	# (setsid forks instead of exec'ing when it is a process group leader,
	# i.e. when the caller has job control on)
	if ! evi_wait 5 evi__comm_is "$pid" "$kind"; then
		evi_die "$kind did not start as pid $pid (comm '$(cat "/proc/$pid/comm" 2>/dev/null)'; job control on?): $(tail -3 "$dir/$kind.out" 2>/dev/null)"
		return 1
	fi
	echo "$pid"
}
evi__comm_is() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }

# evi_listening NS PORT : something listens on TCP PORT in NS
evi_listening() { ip netns exec "$1" ss -H -ltn "sport = :$2" 2>/dev/null | grep -q .; }

# ---- vpncmd ------------------------------------------------------------------
# evi_q VALUE : VALUE as one vpncmd batch argument: double-quoted (vpncmd splits
# batch lines at blanks; it strips the quotes).  Values containing a double
# quote or a line break cannot be passed and are refused.
evi_q() {
	case "$1" in
	*'"'*|*$'\n'*) evi_die "value with a double quote or line break cannot go through vpncmd: $1"; return 1 ;;
	esac
	printf '"%s"' "$1"
}

# evi_vpncmd WHERE VPNCMD_ARGS... <COMMANDS
#   Runs the commands (one per line on stdin) as one vpncmd batch, wrapped in
#   timeout, and prints vpncmd's output.  WHERE is either the state dir of a
#   daemon started with evi_se_server_start / evi_se_client_start (vpncmd then
#   runs in that daemon's network and mount namespaces, e.g. "localhost /CLIENT"
#   or "localhost:5555 /SERVER"), or the name of a network namespace (vpncmd
#   then runs in a throw-away private sandbox there, e.g. against a server at
#   10.211.0.1:5555).  Fails unless every command printed "The command
#   completed successfully." (vpncmd's own exit status is 0 even when it could
#   not connect) and no error was printed.  Always give /PASSWORD: when the
#   target has one: without a terminal vpncmd re-prompts forever.
evi_vpncmd() {
	local where=$1; shift
	local pid priv ns cmdf ncmd nok out outf vpid denied=0 rc=0 log
	evi_state_init
	log=$EVI_STATE/vpncmd.log
	local -a run
	if [ -d "$where" ] && pid=$(evi_tracked_pid "$where/pid"); then
		priv=$(cd "$where" && pwd)/priv
		run=(nsenter -t "$pid" -m -n --)
	else
		ns=$where
		evi_ns_exists "$ns" || { evi_die "evi_vpncmd: '$where' is neither a running daemon's state dir nor a namespace"; return 1; }
		priv=$EVI_STATE/vpncmd-$ns
		# (a background function call is a subshell that evi_sandbox_exec
		# replaces: $! ends up being the timeout process, as with nsenter)
		run=(evi_sandbox_exec "$ns" "$priv")
	fi
	mkdir -p "$priv/tmp"
	cmdf=$(mktemp "$priv/tmp/cmds.XXXXXX")
	grep -v '^[[:space:]]*$' >"$cmdf" || true
	ncmd=$(wc -l <"$cmdf")
	outf=$cmdf.out
	"${run[@]}" timeout -k 2 "$EVI_VPNCMD_TIMEOUT" vpncmd "$@" "/IN:/tmp/${cmdf##*/}" </dev/null >"$outf" 2>&1 &
	vpid=$!
	# A refused password makes vpncmd prompt again and again (at ~90% CPU)
	# until the timeout: stop it as soon as it says so.
	while kill -0 "$vpid" 2>/dev/null; do
		if grep -q 'Access has been denied' "$outf" 2>/dev/null; then
			denied=1
			kill -TERM "$vpid" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	wait "$vpid" || rc=$?
	out=$(cat "$outf")
	rm -f "$outf"
	{ echo "=== vpncmd $* ($where) rc=$rc"; sed 's/^/> /' "$cmdf"; printf '%s\n' "$out"; } >>"$log"
	rm -f "$cmdf"
	nok=$(grep -c 'The command completed successfully' <<<"$out" || true)
	printf '%s\n' "$out"
	if [ "$denied" = 1 ]; then evi_die "vpncmd $*: access denied (wrong password?)"; return 1; fi
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then evi_die "vpncmd $* timed out after ${EVI_VPNCMD_TIMEOUT}s"; return 1; fi
	if [ "$nok" -ne "$ncmd" ] || grep -qE 'Error occurred|Command not found|^Error:|Connection to the server failed' <<<"$out"; then
		evi_log "vpncmd $* ($where): $nok of $ncmd commands succeeded:"
		grep -E 'Error|failed|not found' <<<"$out" | head -5 | sed 's/^/    /' >&2
		return 1
	fi
}

# ---- real SoftEther vpnserver --------------------------------------------------
# evi_se_server_start NS STATE_DIR : start a real vpnserver in netns NS with
# private state in STATE_DIR; waits until its admin port 5555 listens; prints PID.
evi_se_server_start() {
	local ns=$1 dir=$2 pid
	pid=$(evi__daemon_start vpnserver "$ns" "$dir") || return 1
	if ! evi_wait 30 evi_listening "$ns" 5555; then
		evi_die "vpnserver (pid $pid) does not listen on 5555: $(tail -3 "$dir/vpnserver.out")"; return 1
	fi
	echo "$pid"
}

# evi_se_server_setup STATE_DIR PORT HUB ADMIN_PW USER PW [USER PW...]
#   First configuration of a fresh vpnserver (no admin password yet): keep one
#   TCP listener PORT, switch off OpenVPN/SSTP/Azure/keep-alive, create HUB
#   (HUB "-": none) and the password users, then set ADMIN_PW as server admin
#   password (and as hub admin password).
evi_se_server_setup() {
	local dir=$1 port=$2 hub=$3 apw=$4 l
	shift 4
	{
		[ "$port" = 5555 ] || echo "ListenerCreate $port"
		for l in 443 992 1194 5555; do [ "$l" = "$port" ] || echo "ListenerDelete $l"; done
		echo "ProtoOptionsSet OpenVPN /NAME:Enabled /VALUE:no"
		echo "ProtoOptionsSet SSTP /NAME:Enabled /VALUE:no"
		echo "VpnAzureSetEnable no"
		echo "KeepDisable"
		[ "$hub" = - ] || evi__hub_cmds "$hub" "$apw" "$@"
		echo "ServerPasswordSet $(evi_q "$apw")"
	} | evi_vpncmd "$dir" localhost:5555 /SERVER >/dev/null || return 1
	evi_wait 10 evi_listening "$(cat "$dir/netns")" "$port" || { evi_die "vpnserver does not listen on $port"; return 1; }
}
evi__hub_cmds() { # HUB HUB_PW USER PW ...
	local hub=$1 hpw=$2
	shift 2
	echo "HubCreate $(evi_q "$hub") /PASSWORD:$(evi_q "$hpw")"
	echo "Hub $(evi_q "$hub")"
	while [ $# -ge 2 ]; do
		echo "UserCreate $(evi_q "$1") /GROUP:none /REALNAME:none /NOTE:none"
		echo "UserPasswordSet $(evi_q "$1") /PASSWORD:$(evi_q "$2")"
		shift 2
	done
}

# evi_hub_create NS HOST:PORT ADMIN_PW HUB USER PW [USER PW...]
#   Create a hub and password users with vpncmd /SERVER on any server that
#   speaks SoftEther's admin protocol (real vpnserver or a compatible one),
#   from a private vpncmd sandbox in netns NS.
evi_hub_create() {
	local ns=$1 addr=$2 apw=$3
	shift 3
	evi__hub_cmds "$@" | evi_vpncmd "$ns" "$addr" /SERVER "/PASSWORD:$apw" >/dev/null
}

# evi_se_server_stop STATE_DIR [GRACE_S] : SIGTERM (graceful, ~2 s), SIGKILL after GRACE_S (10)
evi_se_server_stop() { evi_stop_tracked "${2:-10}" "$1/pid"; }

# evi_se_config_server PREFIX : for the scripts that make a real vpn_server.config
# with vpncmd (softether-config-*.sh): a fresh vpnserver in a namespace of its own
# (PREFIX + 4 random hex digits + "s") with its own fresh $EVI_STATE, even when the
# caller set one, and an EXIT trap that stops it by PID and removes the namespace
# and the state.  Sets EVI_CFG_DIR (the server's state directory; vpncmd's /tmp is
# its priv/tmp).  evi_se_config_save OUT then copies the flushed config out.
evi_se_config_server() {
	EVI_STATE=$(mktemp -d)
	EVI_LAB=$1$(printf '%04x' $((RANDOM)))
	export EVI_STATE EVI_LAB
	EVI_CFG_NS=${EVI_LAB}s
	EVI_CFG_DIR=$EVI_STATE/vpnserver
	trap evi__se_config_cleanup EXIT
	ip netns add "$EVI_CFG_NS"
	ip -n "$EVI_CFG_NS" link set lo up
	evi_se_server_start "$EVI_CFG_NS" "$EVI_CFG_DIR" >/dev/null
}
evi__se_config_cleanup() {
	evi_se_server_stop "$EVI_CFG_DIR" || true
	ip netns del "$EVI_CFG_NS" 2>/dev/null || true
	rm -rf "$EVI_STATE"
}
evi_se_config_save() { # OUT
	cp "$EVI_CFG_DIR/priv/db/vpn_server.config" "$1"
	echo "wrote $1 ($(wc -c <"$1") bytes)"
}

# ---- real SoftEther vpnbridge ----------------------------------------------------
# evi_se_bridge_start NS STATE_DIR : start a real vpnbridge (vpnserver in bridge
# mode: one hub BRIDGE, local bridges and cascades only) in netns NS with
# private state; waits for its admin port 5555; prints PID.
evi_se_bridge_start() {
	local ns=$1 dir=$2 pid
	pid=$(evi__daemon_start vpnbridge "$ns" "$dir") || return 1
	if ! evi_wait 30 evi_listening "$ns" 5555; then
		evi_die "vpnbridge (pid $pid) does not listen on 5555: $(tail -3 "$dir/vpnbridge.out")"; return 1
	fi
	echo "$pid"
}

# evi_se_bridge_setup STATE_DIR ADMIN_PW : first configuration of a fresh
# vpnbridge (no admin password yet): only the admin listener 5555, no
# keep-alive, then ADMIN_PW.  (A bridge refuses ProtoOptionsSet and
# VpnAzureSetEnable with error 33, "not supported".)
evi_se_bridge_setup() {
	local dir=$1 apw=$2
	{
		echo "ListenerDelete 443"; echo "ListenerDelete 992"; echo "ListenerDelete 1194"
		echo "KeepDisable"
		echo "ServerPasswordSet $(evi_q "$apw")"
	} | evi_vpncmd "$dir" localhost:5555 /SERVER >/dev/null
}

# evi_se_bridge_stop STATE_DIR [GRACE_S]
evi_se_bridge_stop() { evi_stop_tracked "${2:-10}" "$1/pid"; }

# ---- real SoftEther vpnclient --------------------------------------------------
# evi_se_client_start NS STATE_DIR : start a real vpnclient daemon in netns NS
# with private state; waits for its RPC port; prints PID.  The TAPs it creates
# land in NS (a TAP belongs to the netns of the process that creates it).
evi_se_client_start() {
	local ns=$1 dir=$2 pid
	pid=$(evi__daemon_start vpnclient "$ns" "$dir") || return 1
	if ! evi_wait 30 evi_listening "$ns" "$EVI_SE_CLIENT_RPC_PORT"; then
		evi_die "vpnclient (pid $pid) does not listen on $EVI_SE_CLIENT_RPC_PORT: $(tail -3 "$dir/vpnclient.out")"; return 1
	fi
	echo "$pid"
}

# evi_se_client_stop STATE_DIR [GRACE_S]
evi_se_client_stop() { evi_stop_tracked "${2:-10}" "$1/pid"; }

# evi_se_client_cmd STATE_DIR <COMMANDS : vpncmd /CLIENT batch against that client
evi_se_client_cmd() { evi_vpncmd "$1" localhost /CLIENT; }

# evi_se_client_tap STATE_DIR : name of the client's TAP (after evi_se_client_nic)
evi_se_client_tap() { cat "$1/tap"; }

# evi_se_client_nic STATE_DIR NIC TAP_NAME IP/PREFIX
#   Create virtual NIC NIC (SoftEther makes a TAP "vpn_<nic>" in the client's
#   netns, DOWN), rename it TAP_NAME (unless EVI_TAP_RENAME=0 or it is the
#   same), give it IP/PREFIX (none if "-") and set it up.  Idempotent.
#   A renamed TAP keeps working (vpnclient uses its fd), but vpnclient's own
#   "set the link up/down by name on connect/disconnect" no longer finds it,
#   so we set it up ourselves.
evi_se_client_nic() {
	local dir=$1 nic=$2 tap=$3 addr=$4 ns
	ns=$(cat "$dir/netns")
	[ "$EVI_TAP_RENAME" = 1 ] || tap=vpn_$nic
	if [ -s "$dir/tap" ] && ip -n "$ns" link show "$(cat "$dir/tap")" >/dev/null 2>&1; then
		tap=$(cat "$dir/tap")
	else
		echo "NicCreate $nic" | evi_se_client_cmd "$dir" >/dev/null || return 1
		evi_wait 10 ip -n "$ns" link show "vpn_$nic" || { evi_die "TAP vpn_$nic did not appear in $ns"; return 1; }
		[ "$tap" = "vpn_$nic" ] || ip -n "$ns" link set "vpn_$nic" name "$tap" || return 1
		echo "$tap" >"$dir/tap"
	fi
	# "-": no address (the caller gets one, e.g. by DHCP)
	[ "$addr" = - ] || ip -n "$ns" -o addr show dev "$tap" | grep -q " ${addr%/*}/" || ip -n "$ns" addr add "$addr" dev "$tap" || return 1
	ip -n "$ns" link set "$tap" up
}

# evi_se_client_fresh_mac STATE_DIR : give the client's TAP a new random,
# locally administered unicast MAC (02:e1:xx:xx:xx:xx) and forget the
# neighbours learnt on it.
evi_se_client_fresh_mac() {
	local dir=$1 ns tap mac
	ns=$(cat "$dir/netns") tap=$(cat "$dir/tap")
	mac=02:e1$(od -An -tx1 -N4 /dev/urandom | tr -s ' ' ':' | sed 's/:$//')
	ip -n "$ns" link set dev "$tap" address "$mac" 2>/dev/null ||
		{ ip -n "$ns" link set dev "$tap" down && ip -n "$ns" link set dev "$tap" address "$mac" && ip -n "$ns" link set dev "$tap" up; } || return 1
	ip -n "$ns" neigh flush dev "$tap" 2>/dev/null || true
}

# evi_se_client_status STATE_DIR [ACCOUNT] : AccountStatusGet output
evi_se_client_status() { echo "AccountStatusGet ${2:-evi}" | evi_se_client_cmd "$1" 2>/dev/null; }

# evi_status_field "FIELD" <STATUS : value of one row of a vpncmd table
evi_status_field() { awk -F'|' -v k="$1" '{ f = $1; sub(/[ \t]+$/, "", f) } f == k { sub(/^[ \t]+/, "", $2); print $2; exit }'; }

# evi_se_client_established STATE_DIR MAXCONN [ACCOUNT] : session established
# with all MAXCONN TCP connections (extras are added one per /INTERVAL second)
evi_se_client_established() {
	local st
	st=$(evi_se_client_status "$1" "${3:-evi}") || return 1
	[ "$(evi_status_field 'Session Status' <<<"$st")" = 'Connection Completed (Session Established)' ] &&
		[ "$(evi_status_field 'Number of TCP Connections' <<<"$st")" = "$2" ]
}

# evi_se_client_disconnect STATE_DIR [ACCOUNT] : disconnect and delete the
# account if it exists (quietly does nothing otherwise)
evi_se_client_disconnect() {
	local dir=$1 acc=${2:-evi} list
	list=$(echo "AccountList" | evi_se_client_cmd "$dir") || return 1
	grep -qE "^VPN Connection Setting Name +\|$acc\$" <<<"$list" || return 0
	if ! grep -A3 -E "^VPN Connection Setting Name +\|$acc\$" <<<"$list" | grep -qE '^Status +\|Offline'; then
		echo "AccountDisconnect $acc" | evi_se_client_cmd "$dir" >/dev/null || true
	fi
	echo "AccountDelete $acc" | evi_se_client_cmd "$dir" >/dev/null
}

# evi_se_client_account STATE_DIR NIC IP/PREFIX HOST PORT HUB USER PASSWORD MAXCONN HALF(0/1) ENCRYPT(0/1) COMPRESS(0/1)
#   On the vpnclient of STATE_DIR: make sure NIC exists (TAP renamed to
#   evitap<N> when NIC is evi<N>, else evi<NIC>) and holds IP/PREFIX, replace
#   account "evi" by one for HOST:PORT/HUB as USER with MAXCONN TCP
#   connections, half duplex, encryption and compression as given, UDP
#   acceleration off (bulk data must go through the TCP session), no QoS
#   (it would add a connection), connect, and wait until the session is
#   established with MAXCONN connections.  Then checks that the session
#   runs with the options asked for and writes its status to STATE_DIR/status.
#   Timeout: EVI_CONNECT_TIMEOUT (20 s) + 2 s per connection.
evi_se_client_account() {
	local dir=$1 nic=$2 addr=$3 host=$4 port=$5 hub=$6 user=$7 pw=$8 maxc=$9 half=${10} enc=${11} comp=${12}
	local acc=evi tap t0 st v want
	case "$nic" in evi*) tap=evitap${nic#evi} ;; *) tap=evi$nic ;; esac
	tap=${tap:0:15}
	if [ "$half" = 1 ] && [ "$maxc" -lt 2 ]; then evi_die "half duplex needs at least 2 TCP connections"; return 1; fi
	evi_se_client_nic "$dir" "$nic" "$tap" "$addr" || return 1
	evi_se_client_disconnect "$dir" "$acc" || return 1
	# A fresh MAC for every session: a server may keep the previous session
	# (SoftEther does, with "0 / N" TCP connections, for ~20 s after a client
	# with MaxTcp > 1 disconnects), and its hub then keeps switching this MAC
	# to that dead session for a while.  New MAC = no stale MAC table entry.
	evi_se_client_fresh_mac "$dir" || return 1
	t0=$(evi_now_ms)
	{
		echo "AccountCreate $acc /SERVER:$(evi_q "$host:$port") /HUB:$(evi_q "$hub") /USERNAME:$(evi_q "$user") /NICNAME:$nic"
		echo "AccountPasswordSet $acc /PASSWORD:$(evi_q "$pw") /TYPE:standard"
		echo "AccountDetailSet $acc /MAXTCP:$maxc /INTERVAL:1 /TTL:0 /HALF:$([ "$half" = 1 ] && echo yes || echo no) /BRIDGE:no /MONITOR:no /NOTRACK:no /NOQOS:yes /DISABLEUDP:yes"
		if [ "$enc" = 1 ]; then echo "AccountEncryptEnable $acc"; else echo "AccountEncryptDisable $acc"; fi
		if [ "$comp" = 1 ]; then echo "AccountCompressEnable $acc"; else echo "AccountCompressDisable $acc"; fi
		echo "AccountConnect $acc"
	} | evi_se_client_cmd "$dir" >/dev/null || return 1
	# poll until established with all connections; a failed attempt (wrong
	# user/password/hub, refused, dropped) shows as "Retrying": fail at once
	# then (vpnclient would retry every 15 s) unless EVI_ALLOW_RETRY=1
	local end=$(( $(evi_now_ms) + (${EVI_CONNECT_TIMEOUT:-20} + 2 * maxc) * 1000 )) sst why=""
	while :; do
		st=$(evi_se_client_status "$dir" "$acc") || st=""
		sst=$(evi_status_field 'Session Status' <<<"$st")
		[ "$sst" != 'Connection Completed (Session Established)' ] ||
			[ "$(evi_status_field 'Number of TCP Connections' <<<"$st")" != "$maxc" ] || break
		if [ "$sst" = Retrying ] && [ "${EVI_ALLOW_RETRY:-0}" != 1 ]; then
			why="the connection attempt failed, vpnclient is retrying: $(grep -o 'Cause: .*' "$dir/vpnclient.out" 2>/dev/null | tail -1)"
		elif [ "$(evi_now_ms)" -ge "$end" ]; then
			why="timeout: status '$sst', $(evi_status_field 'Number of TCP Connections' <<<"$st") of $maxc connection(s)"
		fi
		if [ -n "$why" ]; then
			[ -n "$sst" ] || why="$why (vpnclient log: $(tail -n 1 "$dir/vpnclient.out" 2>/dev/null | cut -c1-160))"
			printf '%s\n' "$st" >"$dir/status.failed"
			evi_die "client ${dir##*/} ($user@$host:$port hub $hub): $why"
			return 1
		fi
		sleep 0.2
	done
	echo $(( $(evi_now_ms) - t0 )) >"$dir/connect_ms"
	st=$(evi_se_client_status "$dir" "$acc")
	printf '%s\n' "$st" >"$dir/status"
	# what the session really runs with (server's welcome decides)
	v=$(evi_status_field 'Encryption' <<<"$st")
	if [ "$enc" = 1 ]; then want='Enabled*'; else want='Disabled*'; fi
	# shellcheck disable=SC2053
	[[ "$v" == $want ]] || { evi_die "client $dir: Encryption is '$v'"; return 1; }
	v=$(evi_status_field 'Use of Compression' <<<"$st")
	if [ "$comp" = 1 ]; then want='Yes*'; else want='No*'; fi
	# shellcheck disable=SC2053
	[[ "$v" == $want ]] || { evi_die "client $dir: Use of Compression is '$v'"; return 1; }
	v=$(evi_status_field 'Half Duplex TCP Connection Mode' <<<"$st")
	if [ "$half" = 1 ]; then want='Yes*'; else want='No*'; fi
	# shellcheck disable=SC2053
	[[ "$v" == $want ]] || { evi_die "client $dir: Half Duplex TCP Connection Mode is '$v'"; return 1; }
	v=$(evi_status_field 'UDP Acceleration is Active' <<<"$st")
	[ -z "$v" ] || [[ "$v" == No* ]] || { evi_die "client $dir: UDP acceleration is active"; return 1; }
}

# evi_se_client_refused STATE_DIR NIC HOST PORT HUB USER PASSWORD
#   Replaces account "evi" by one for HOST:PORT/HUB as USER (NIC must exist,
#   e.g. from evi_se_client_account), connects, and waits (EVI_CONNECT_TIMEOUT,
#   20 s) for the first failed attempt: prints the error code vpnclient logged
#   for it ("... Cause: <text> (code N)") and deletes the account again, so it
#   stops retrying.  Fails if the session was established instead.
evi_se_client_refused() {
	local dir=$1 nic=$2 host=$3 port=$4 hub=$5 user=$6 pw=$7 acc=evi log before end st code=""
	evi_se_client_disconnect "$dir" "$acc" || return 1
	log=$dir/vpnclient.out # --foreground: vpnclient's client log goes to its stdout
	before=$(wc -l <"$log")
	{
		echo "AccountCreate $acc /SERVER:$(evi_q "$host:$port") /HUB:$(evi_q "$hub") /USERNAME:$(evi_q "$user") /NICNAME:$nic"
		echo "AccountPasswordSet $acc /PASSWORD:$(evi_q "$pw") /TYPE:standard"
		echo "AccountDetailSet $acc /MAXTCP:1 /INTERVAL:1 /TTL:0 /HALF:no /BRIDGE:no /MONITOR:no /NOTRACK:no /NOQOS:yes /DISABLEUDP:yes"
		echo "AccountConnect $acc"
	} | evi_se_client_cmd "$dir" >/dev/null || return 1
	end=$(( $(evi_now_ms) + ${EVI_CONNECT_TIMEOUT:-20} * 1000 ))
	while :; do
		code=$(tail -n "+$((before + 1))" "$log" | grep -o 'Cause: .*(code [0-9]*)' | head -1 |
			sed 's/.*(code \([0-9]*\))$/\1/')
		[ -z "$code" ] || break
		st=$(evi_se_client_status "$dir" "$acc") || st=""
		if [ "$(evi_status_field 'Session Status' <<<"$st")" = 'Connection Completed (Session Established)' ]; then
			evi_se_client_disconnect "$dir" "$acc" >/dev/null || true
			evi_die "client ${dir##*/}: $user@$host:$port hub $hub logged in, a refusal was expected"
			return 1
		fi
		if [ "$(evi_now_ms)" -ge "$end" ]; then
			evi_se_client_disconnect "$dir" "$acc" >/dev/null || true
			evi_die "client ${dir##*/}: no refusal of $user logged within ${EVI_CONNECT_TIMEOUT:-20} s (status '$(evi_status_field 'Session Status' <<<"$st")')"
			return 1
		fi
		sleep 0.2
	done
	evi_se_client_disconnect "$dir" "$acc" >/dev/null || return 1
	echo "$code"
}

# evi_se_client_summary STATE_DIR : one line "enc=... comp=... conns=... half=..." from the last status
evi_se_client_summary() {
	local st
	st=$(cat "$1/status" 2>/dev/null) || return 0
	printf 'conns=%s half=%s enc=%s comp=%s' \
		"$(evi_status_field 'Number of TCP Connections' <<<"$st")" \
		"$(evi_status_field 'Half Duplex TCP Connection Mode' <<<"$st" | cut -d' ' -f1)" \
		"$(evi_status_field 'Encryption' <<<"$st" | sed -e 's/^Enabled (Algorithm: \(.*\))$/\1/' -e 's/ (No Encryption)//')" \
		"$(evi_status_field 'Use of Compression' <<<"$st" | cut -d' ' -f1)"
}

# ---- traffic ---------------------------------------------------------------------
# evi_ping NS DST [COUNT] : COUNT (3) pings, 0.2 s apart; succeeds only without
# loss; prints "rtt min/avg/max ms".  Call evi_ping_warm first: the very first
# packet also waits for ARP through the hub.
evi_ping() {
	local ns=$1 dst=$2 n=${3:-3} out
	out=$(ip netns exec "$ns" timeout 30 ping -n -q -c "$n" -i 0.2 -W 2 "$dst" 2>&1)
	local rc=$?
	awk -F'[ /]+' '/^rtt|^round-trip/ { print $7 "/" $8 "/" $9 " ms" }' <<<"$out"
	[ "$rc" = 0 ] && grep -q ' 0% packet loss' <<<"$out"
}
# evi_ping_warm NS DST [TIMEOUT_S] : wait until one ping gets through
evi_ping_warm() { evi_wait "${3:-15}" ip netns exec "$1" ping -n -c1 -W1 "$2"; }

# evi_iperf3 NS_FROM NS_TO DST SECONDS [OUT_JSON] : TCP, one stream (EVI_IPERF_PARALLEL
# streams if set), from NS_FROM to a one-off iperf3 server on DST in NS_TO; prints the
# received Gbit/s (all streams).
evi_iperf3() {
	local from=$1 to=$2 dst=$3 secs=$4 json=${5:-} srvpid rc=0
	evi_state_init
	[ -n "$json" ] || json=$EVI_STATE/iperf3-$$.json
	ip netns exec "$to" timeout $(( secs + 30 )) iperf3 -s -1 -B "$dst" -p "$EVI_IPERF_PORT" >"$json.srv" 2>&1 &
	srvpid=$!
	evi_track "$EVI_STATE/iperf3-srv.pid" "$srvpid"
	if ! evi_wait 10 evi_listening "$to" "$EVI_IPERF_PORT"; then
		evi_stop_tracked 2 "$EVI_STATE/iperf3-srv.pid"; evi_die "iperf3 server did not start"; return 1
	fi
	# optional hook around the measured window (run-softether-pair.sh --cpu)
	[ "$(type -t evi_iperf3_window_hook)" != function ] || evi_iperf3_window_hook start
	ip netns exec "$from" timeout $(( secs + 20 )) iperf3 -c "$dst" -p "$EVI_IPERF_PORT" -t "$secs" -P "${EVI_IPERF_PARALLEL:-1}" -J >"$json" 2>"$json.err" || rc=$?
	[ "$(type -t evi_iperf3_window_hook)" != function ] || evi_iperf3_window_hook end
	evi_wait 5 evi_not_running "$EVI_STATE/iperf3-srv.pid" || evi_stop_tracked 2 "$EVI_STATE/iperf3-srv.pid"
	wait "$srvpid" 2>/dev/null || true
	rm -f "$EVI_STATE/iperf3-srv.pid"
	if [ "$rc" != 0 ] || ! jq -e '.end.sum_received.bits_per_second > 0' "$json" >/dev/null 2>&1; then
		evi_die "iperf3 $dst failed (rc $rc): $(jq -r '.error // empty' "$json" 2>/dev/null) $(head -c 200 "$json.err")"
		return 1
	fi
	jq -r '.end.sum_received.bits_per_second' "$json" | awk '{ printf "%.3f\n", $1 / 1e9 }'
}
