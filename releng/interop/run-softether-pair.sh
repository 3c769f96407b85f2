#!/usr/bin/env bash
# run-softether-pair.sh - two REAL SoftEther vpnclients, each in its own
# network namespace, connect to one hub of a VPN server; ping and a short
# iperf3 between their TAP addresses must pass.  One line per variant:
#
#   one       1 TCP connection, encrypted, no compression
#   tcp8      8 TCP connections (waits until all 8 are established)
#   half      half-duplex, 4 TCP connections (2 upload, 2 download)
#   noenc     encryption off (AccountEncryptDisable): TLS dropped after login
#   compress  compression on (AccountCompressEnable)
#   all       all of the above
#
# Usage (root):
#   run-softether-pair.sh [--server softether] [--variant all]
#   run-softether-pair.sh --server external 10.211.0.1:5555 --hub H --user U --password P \
#          [--user2 U2 --password2 P2] [--server-cmd 'CMD'] [--admin-password PW]
#   (--server may be given more than once: every server runs every variant,
#    one after the other, with the same two clients, and a comparison table is
#    printed at the end.)
#
# Options:
#   --server softether            start a real vpnserver in $EVI_NS_SRV (default),
#                                 listening on $EVI_SRV_IP:PORT, with hub + 2 users
#   --server external HOST:PORT   a server that is already reachable from the client
#                                 namespaces at HOST:PORT (normally $EVI_SRV_IP inside
#                                 $EVI_NS_SRV, started by --server-cmd or by the caller
#                                 with --reuse-lab) and already has the hub and users
#                                 (or use --admin-password to create them)
#   --server-cmd CMD              (external) run "bash -c CMD" inside $EVI_NS_SRV once the
#                                 lab is up, in its own process group; wait until
#                                 HOST:PORT accepts TCP; stop it (SIGTERM to the group,
#                                 SIGKILL after 10 s) when done with that server.
#                                 CMD sees EVI_NS_SRV EVI_SRV_IP EVI_SRV_PORT EVI_HUB
#                                 EVI_USER1 EVI_PASSWORD1 EVI_USER2 EVI_PASSWORD2,
#                                 EVI_ADMIN_PASSWORD (with --admin-password), EVI_SERVER_DIR
#                                 (a private scratch dir for it) and EVI_SERVER_READY.
#   --wait-ready-file             (external) also wait until the server command has
#                                 created the file $EVI_SERVER_READY (when its port
#                                 opens before its hub and users exist)
#   --admin-password PW           (external) create the hub and the users with
#                                 vpncmd /SERVER HOST:PORT /PASSWORD:PW first
#   --variant LIST                one|tcp8|half|noenc|compress|all, comma separated
#   --hub H                       hub name (default EVI)
#   --user U --password P         client 1 login (softether: created; default evi1/random)
#   --user2 U --password2 P       client 2 login (default: evi2/random for softether,
#                                 the same as client 1 for external)
#   --port N                      softether: the one TCP listener kept (default 5555)
#   --time S                      iperf3 seconds (default 3)
#   --warmup S                    an unmeasured iperf3 of S seconds before the measured one
#                                 (default 0): lets a JIT-compiled server reach steady state
#   --server-nice N               softether: renice the vpnserver (it sets itself to -20)
#   --reuse-lab                   the namespaces exist already (made by the caller with
#                                 evi_netlab_up from softether.sh): use, don't delete them
#   --csv FILE                    append "server,variant,result,gbps,rtt_avg_ms,connect_s,conns,half,enc,comp"
#                                 (with --cpu also ",cpu_window_s,cpu_server_s,cpu_server_comm,
#                                 cpu_client1_s,cpu_client2_s")
#   --cpu                         measure the CPU time (utime+stime from /proc/PID/stat) used
#                                 during the iperf3 window by the server (all processes in
#                                 $EVI_NS_SRV: vpnserver, or --server-cmd and what it started)
#                                 and by each vpnclient; appended to the PASS line as
#                                 "cpu WINDOWs srv=S(COMM) c1=S c2=S" (CPU seconds)
#   --logs DIR                    keep logs (vpncmd, daemons, iperf3 JSON) in DIR
#   -h|--help
#
# Exit status: 0 when every variant of every server passed.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=softether.sh
. "$HERE/softether.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

SERVERS=()            # "softether" or "external HOST:PORT"
VARIANTS=all
HUB=EVI USER1="" PW1="" USER2="" PW2="" PORT=5555 SECS=3 WARMUP=0
SERVER_CMD="" ADMIN_PW="" SERVER_NICE="" REUSE_LAB=0 CSV="" LOGS="" WAIT_READY=0 CPU=0
while [ $# -gt 0 ]; do
	case "$1" in
	--server)
		case "${2:-}" in
		softether) SERVERS+=(softether); shift 2 ;;
		external) [ -n "${3:-}" ] || { echo "--server external needs HOST:PORT" >&2; exit 2; }
			SERVERS+=("external $3"); shift 3 ;;
		external:*) SERVERS+=("external ${2#external:}"); shift 2 ;;
		*) echo "--server softether | external HOST:PORT" >&2; exit 2 ;;
		esac ;;
	--variant|--variants) VARIANTS=$2; shift 2 ;;
	--hub) HUB=$2; shift 2 ;;
	--user) USER1=$2; shift 2 ;;
	--password) PW1=$2; shift 2 ;;
	--user2) USER2=$2; shift 2 ;;
	--password2) PW2=$2; shift 2 ;;
	--port) PORT=$2; shift 2 ;;
	--time) SECS=$2; shift 2 ;;
	--warmup) WARMUP=$2; shift 2 ;;
	--server-cmd) SERVER_CMD=$2; shift 2 ;;
	--admin-password) ADMIN_PW=$2; shift 2 ;;
	--server-nice) SERVER_NICE=$2; shift 2 ;;
	--reuse-lab) REUSE_LAB=1; shift ;;
	--wait-ready-file) WAIT_READY=1; shift ;;
	--csv) CSV=$2; shift 2 ;;
	--logs) LOGS=$2; shift 2 ;;
	--cpu) CPU=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "unknown option $1 (--help)" >&2; exit 2 ;;
	esac
done
[ ${#SERVERS[@]} -gt 0 ] || SERVERS=(softether)
[ "$VARIANTS" != all ] || VARIANTS=one,tcp8,half,noenc,compress
VARIANTS=${VARIANTS//,/ }
for v in $VARIANTS; do
	case "$v" in one|tcp8|half|noenc|compress) ;; *) echo "unknown variant '$v'" >&2; exit 2 ;; esac
done
for x in "$HUB" "$USER1" "$PW1" "$USER2" "$PW2" "$ADMIN_PW"; do
	case "$x" in *'"'*|*$'\n'*) echo "hub, user names and passwords cannot contain double quotes or line breaks (vpncmd)" >&2; exit 2 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (namespaces, TAP devices)" >&2; exit 2; }
if ! "$HERE/install-deps.sh" --check 2>/dev/null; then "$HERE/install-deps.sh"; fi
evi_need ip ss ping iperf3 jq vpnserver vpnclient vpncmd unshare nsenter setsid timeout

# variant -> "maxconn half encrypt compress"
variant_opts() {
	case "$1" in
	one) echo "1 0 1 0" ;;
	tcp8) echo "8 0 1 0" ;;
	half) echo "4 1 1 0" ;;
	noenc) echo "1 0 0 0" ;;
	compress) echo "1 0 1 1" ;;
	esac
}

randpw() { od -An -tx1 -N10 /dev/urandom | tr -d ' \n'; }

T_START=$(evi_now_ms)
secs_since() { local ms=$(( $(evi_now_ms) - $1 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

# always a state dir of our own (a caller's exported EVI_STATE is not ours)
EVI_STATE="" EVI_STATE_OWNED=0
evi_state_init
S=$EVI_STATE
LAB_OWNED=0
SRVCMD_PID=""

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	[ -z "$SRVCMD_PID" ] || stop_server_cmd
	evi_stop_tracked 10 "$S/c1/pid" "$S/c2/pid" "$S/srv/pid" "$S/iperf3-srv.pid"
	[ "$LAB_OWNED" = 0 ] || evi_netlab_down
	if [ -n "$LOGS" ]; then
		mkdir -p "$LOGS"
		# configs, logs, vpncmd transcripts, iperf3 JSON; not the unicode
		# caches (priv/tmp) nor the overlay scratch (priv/ovl)
		tar -C "$S" --exclude='./*/priv/tmp' --exclude='./*/priv/ovl' -cf - . | tar -xf - -C "$LOGS"
	fi
	[ "${EVI_STATE_OWNED:-0}" != 1 ] || rm -rf "$S"
	evi_log "cleaned up after $(secs_since "$T_START") s"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_server_cmd() {
	local pid
	if pid=$(evi_tracked_pid "$S/servercmd.pid"); then
		# it leads its own process group (setsid): TERM the group, so that
		# children of "bash -c" go too
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
		evi_wait 10 evi_not_running "$S/servercmd.pid" || kill -KILL -- "-$pid" 2>/dev/null || true
	fi
	SRVCMD_PID=""
	rm -f "$S/servercmd.pid"
}

# shellcheck disable=SC2016
tcp_open() { ip netns exec "$1" timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$2" "$3"; }

# the --server-cmd process still runs (true without --server-cmd)
server_cmd_alive() { [ -z "$SRVCMD_PID" ] || evi_tracked_pid "$S/servercmd.pid" >/dev/null; }
# until CMD succeeds, but give up at once when the --server-cmd has exited
# (then fails)
until_or_server_cmd_dead() { ! server_cmd_alive || "$@"; }
wait_server() { evi_wait "${EVI_SERVER_TIMEOUT:-60}" until_or_server_cmd_dead "$@" && server_cmd_alive; }

# --cpu: snapshots of the server's and the clients' CPU times around the iperf3
# window (evi_iperf3 calls this hook; it runs in a subshell, hence files)
if [ "$CPU" = 1 ]; then
	evi_iperf3_window_hook() {
		local pids
		pids=$(ip netns pids "$EVI_NS_SRV" 2>/dev/null | tr '\n' ' ')
		# shellcheck disable=SC2086
		evi_cpu_snapshot $pids >"$S/cpu.srv.$1"
		evi_cpu_snapshot "$(evi_tracked_pid "$S/c1/pid")" >"$S/cpu.c1.$1"
		evi_cpu_snapshot "$(evi_tracked_pid "$S/c2/pid")" >"$S/cpu.c2.$1"
		evi_now_ms >"$S/cpu.t.$1"
	}
fi
# cpu_report : "WINDOW SRV SRVCOMM C1 C2" from the last window's snapshots
cpu_report() {
	local srv c1 c2 ms
	[ -s "$S/cpu.t.start" ] && [ -s "$S/cpu.t.end" ] || { echo "NA NA NA NA NA"; return 0; }
	ms=$(( $(cat "$S/cpu.t.end") - $(cat "$S/cpu.t.start") ))
	srv=$(evi_cpu_delta "$S/cpu.srv.start" "$S/cpu.srv.end")
	c1=$(evi_cpu_delta "$S/cpu.c1.start" "$S/cpu.c1.end")
	c2=$(evi_cpu_delta "$S/cpu.c2.start" "$S/cpu.c2.end")
	printf '%d.%02d %s %s %s\n' $((ms / 1000)) $((ms % 1000 / 10)) "$srv" "${c1%% *}" "${c2%% *}"
}

# ---- lab and clients --------------------------------------------------------
if [ "$REUSE_LAB" = 1 ]; then
	if ! { evi_ns_exists "$EVI_NS_SRV" && evi_ns_exists "$EVI_NS_C1" && evi_ns_exists "$EVI_NS_C2"; }; then
		evi_die "--reuse-lab: namespaces $EVI_NS_SRV/$EVI_NS_C1/$EVI_NS_C2 are missing"; exit 1
	fi
else
	if evi_netlab_exists; then
		evi_die "namespaces $EVI_NS_SRV/$EVI_NS_C1/$EVI_NS_C2 exist: another run (or a killed one: ip netns del them), or use --reuse-lab / EVI_LAB=<other prefix>"
		exit 1
	fi
	LAB_OWNED=1
	evi_netlab_up
fi
# both clients start while the server side is being set up
evi_se_client_start "$EVI_NS_C1" "$S/c1" >/dev/null &
c1job=$!
evi_se_client_start "$EVI_NS_C2" "$S/c2" >/dev/null &
c2job=$!

declare -A RES_GBPS=() RES_OK=()
FAILS=0
CSV_HEADER="server,variant,result,gbps,rtt_avg_ms,connect_s,conns,half,enc,comp"
[ "$CPU" = 0 ] || CSV_HEADER+=",cpu_window_s,cpu_server_s,cpu_server_comm,cpu_client1_s,cpu_client2_s"
[ -z "$CSV" ] || [ -s "$CSV" ] || echo "$CSV_HEADER" >"$CSV"
clients_ready=0

run_server() {
	local spec=$1 kind host port label u1 p1 u2 p2 v t0 t_conn ok why gbps rtt line
	kind=${spec%% *}
	if [ "$kind" = softether ]; then
		host=$EVI_SRV_IP port=$PORT label=softether
		u1=${USER1:-evi1} p1=${PW1:-$(randpw)}
		u2=${USER2:-evi2} p2=${PW2:-$(randpw)}
		[ "$u1" != "$u2" ] || p2=$p1
	else
		local hp=${spec#* }
		host=${hp%:*} port=${hp##*:} label="external($hp)"
		if [ -z "$USER1" ] || [ -z "$PW1" ]; then evi_die "--server external needs --user and --password"; return 1; fi
		u1=$USER1 p1=$PW1 u2=${USER2:-$USER1} p2=${PW2:-$PW1}
	fi
	evi_log "=== server $label, hub $HUB, users $u1/$u2"
	t0=$(evi_now_ms)

	# ---- the server
	if [ "$kind" = softether ]; then
		rm -rf "$S/srv"
		evi_se_server_start "$EVI_NS_SRV" "$S/srv" >/dev/null || return 1
		local -a users=("$u1" "$p1")
		[ "$u2" = "$u1" ] || users+=("$u2" "$p2")
		evi_se_server_setup "$S/srv" "$port" "$HUB" "$(randpw)" "${users[@]}" || return 1
		[ -z "$SERVER_NICE" ] || renice -n "$SERVER_NICE" -g "$(evi_tracked_pid "$S/srv/pid")" >/dev/null
	else
		if [ -n "$SERVER_CMD" ]; then
			rm -rf "$S/server-cmd"
			mkdir -p "$S/server-cmd"
			EVI_SRV_PORT=$port EVI_HUB=$HUB EVI_USER1=$u1 EVI_PASSWORD1=$p1 EVI_USER2=$u2 EVI_PASSWORD2=$p2 \
				EVI_ADMIN_PASSWORD=$ADMIN_PW EVI_SERVER_DIR=$S/server-cmd EVI_SERVER_READY=$S/server-cmd/ready \
				ip netns exec "$EVI_NS_SRV" setsid bash -c "$SERVER_CMD" </dev/null >"$S/server-cmd/out.log" 2>&1 &
			SRVCMD_PID=$!
			evi_track "$S/servercmd.pid" "$SRVCMD_PID"
		fi
		if ! wait_server tcp_open "$EVI_NS_C1" "$host" "$port"; then
			if server_cmd_alive; then
				evi_die "$host:$port does not accept TCP connections from $EVI_NS_C1"
			else
				evi_die "the server command exited before $host:$port accepted TCP connections"
			fi
			[ -z "$SERVER_CMD" ] || tail -20 "$S/server-cmd/out.log" >&2
			return 1
		fi
		if [ "$WAIT_READY" = 1 ] && ! wait_server test -e "$S/server-cmd/ready"; then
			evi_die "the server command did not create \$EVI_SERVER_READY$(server_cmd_alive || echo ' (it exited)')"
			[ -z "$SERVER_CMD" ] || tail -20 "$S/server-cmd/out.log" >&2
			return 1
		fi
		if [ -n "$ADMIN_PW" ]; then
			local -a users=("$u1" "$p1")
			[ "$u2" = "$u1" ] || users+=("$u2" "$p2")
			evi_hub_create "$EVI_NS_C1" "$host:$port" "$ADMIN_PW" "$HUB" "$ADMIN_PW" "${users[@]}" || return 1
		fi
	fi
	evi_log "server $label ready after $(secs_since "$t0") s"

	if [ "$clients_ready" = 0 ]; then
		wait "$c1job" || { evi_die "vpnclient 1 did not start"; return 1; }
		wait "$c2job" || { evi_die "vpnclient 2 did not start"; return 1; }
		clients_ready=1
	fi

	# ---- the variants
	for v in $VARIANTS; do
		local maxc half enc comp
		read -r maxc half enc comp <<<"$(variant_opts "$v")"
		t_conn=$(evi_now_ms) ok=1 why="" gbps=NA rtt=NA
		rm -f "$S"/cpu.*
		# both clients in parallel
		evi_se_client_account "$S/c1" evi1 "$EVI_VPN_IP1/$EVI_VPN_PREFIX" "$host" "$port" "$HUB" "$u1" "$p1" "$maxc" "$half" "$enc" "$comp" 2>"$S/acc1.err" &
		local j1=$!
		evi_se_client_account "$S/c2" evi2 "$EVI_VPN_IP2/$EVI_VPN_PREFIX" "$host" "$port" "$HUB" "$u2" "$p2" "$maxc" "$half" "$enc" "$comp" 2>"$S/acc2.err" &
		local j2=$!
		wait "$j1" || { ok=0; why+="client1: $(grep ERROR "$S/acc1.err" | tail -1 | sed 's/.*ERROR: //') "; }
		wait "$j2" || { ok=0; why+="client2: $(grep ERROR "$S/acc2.err" | tail -1 | sed 's/.*ERROR: //') "; }
		local csecs
		csecs=$(secs_since "$t_conn")
		if [ "$ok" = 1 ]; then
			if ! evi_ping_warm "$EVI_NS_C1" "$EVI_VPN_IP2" 15; then
				ok=0 why="no ping reply through the tunnel within 15 s"
			elif ! rtt=$(evi_ping "$EVI_NS_C1" "$EVI_VPN_IP2" 3); then
				ok=0 why="ping -c 3 lost packets ($rtt)"
			elif [ "$WARMUP" -gt 0 ] && ! (unset -f evi_iperf3_window_hook; evi_iperf3 "$EVI_NS_C1" "$EVI_NS_C2" "$EVI_VPN_IP2" "$WARMUP" "$S/iperf3-warmup.json" >/dev/null 2>"$S/iperf.err"); then
				ok=0 gbps=NA why="warm-up iperf3: $(sed 's/.*ERROR: //' "$S/iperf.err" | tail -1)"
			elif ! gbps=$(evi_iperf3 "$EVI_NS_C1" "$EVI_NS_C2" "$EVI_VPN_IP2" "$SECS" "$S/iperf3-${label//[^a-z0-9]/_}-$v.json" 2>"$S/iperf.err"); then
				ok=0 gbps=NA why="iperf3: $(sed 's/.*ERROR: //' "$S/iperf.err" | tail -1)"
			fi
		fi
		local summary
		summary=$(evi_se_client_summary "$S/c1")
		RES_GBPS["$label $v"]=$gbps
		if [ "$ok" = 1 ]; then
			RES_OK["$label $v"]=PASS
			line=$(printf 'PASS %-10s %-9s %6s Gbit/s  ping %s  connect %ss  %s' "$label" "$v" "$gbps" "$rtt" "$csecs" "$summary")
			if [ "$CPU" = 1 ]; then
				local cw cs csc cc1 cc2
				read -r cw cs csc cc1 cc2 <<<"$(cpu_report)"
				line+="  cpu ${cw}s srv=${cs}s($csc) c1=${cc1}s c2=${cc2}s"
			fi
		else
			RES_OK["$label $v"]=FAIL
			FAILS=$((FAILS + 1))
			line=$(printf 'FAIL %-10s %-9s %s' "$label" "$v" "$why")
			# --foreground daemons log to stdout: show the latest lines
			{
				tail -n 4 "$S/c1/vpnclient.out" 2>/dev/null | sed 's/^/    vpnclient1: /'
				tail -n 4 "$S/c2/vpnclient.out" 2>/dev/null | sed 's/^/    vpnclient2: /'
				if [ "$kind" = softether ]; then
					tail -n 6 "$S/srv/vpnserver.out" 2>/dev/null | sed 's/^/    vpnserver: /'
				elif [ -n "$SERVER_CMD" ]; then
					tail -n 6 "$S/server-cmd/out.log" 2>/dev/null | sed 's/^/    server-cmd: /'
				fi
			} | cut -c1-240 >&2
		fi
		echo "$line"
		if [ -n "$CSV" ]; then
			local ravg=${rtt#*/}; ravg=${ravg%%/*}
			[ "$ok" = 1 ] || ravg=NA
			local st=$S/c1/status
			printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$label" "$v" "${RES_OK["$label $v"]}" "$gbps" "$ravg" "$csecs" \
				"$(evi_status_field 'Number of TCP Connections' <"$st" 2>/dev/null)" \
				"$(evi_status_field 'Half Duplex TCP Connection Mode' <"$st" 2>/dev/null | cut -d' ' -f1)" \
				"$(evi_status_field 'Encryption' <"$st" 2>/dev/null | sed -e 's/^Enabled (Algorithm: \(.*\))$/\1/' -e 's/ (No Encryption)//')" \
				"$(evi_status_field 'Use of Compression' <"$st" 2>/dev/null | cut -d' ' -f1)" | tr -d '\n' >>"$CSV"
			if [ "$CPU" = 1 ]; then
				local -a cpu=(NA NA NA NA NA)
				[ "$ok" = 0 ] || read -ra cpu <<<"$(cpu_report)"
				printf ',%s,%s,%s,%s,%s' "${cpu[@]}" >>"$CSV"
			fi
			echo >>"$CSV"
		fi
		rm -f "$S/c1/status" "$S/c2/status"
	done

	# ---- done with this server: drop the sessions, stop the server
	# (wait for that job only: a plain "wait" would also wait for --server-cmd)
	evi_se_client_disconnect "$S/c1" >/dev/null 2>&1 &
	local jd=$!
	evi_se_client_disconnect "$S/c2" >/dev/null 2>&1 || true
	wait "$jd" || true
	if [ "$kind" = softether ]; then
		evi_se_server_stop "$S/srv"
	elif [ -n "$SRVCMD_PID" ]; then
		stop_server_cmd
	fi
	evi_log "server $label done after $(secs_since "$t0") s"
}

for spec in "${SERVERS[@]}"; do
	if ! run_server "$spec"; then
		evi_log "server '$spec' could not be set up"
		for v in $VARIANTS; do
			echo "FAIL $(printf '%-10s %-9s' "${spec%% *}" "$v") server set-up failed"
			FAILS=$((FAILS + 1))
		done
		evi_se_server_stop "$S/srv" 2 2>/dev/null || true
		[ -z "$SRVCMD_PID" ] || stop_server_cmd
	fi
done

if [ ${#SERVERS[@]} -gt 1 ]; then
	echo "--- Gbit/s (iperf3 -t $SECS, one TCP stream, client1 -> client2 through the hub)"
	printf '%-10s' variant
	for spec in "${SERVERS[@]}"; do [ "${spec%% *}" = softether ] && printf ' %24s' softether || printf ' %24s' "external(${spec#* })"; done
	echo
	for v in $VARIANTS; do
		printf '%-10s' "$v"
		for spec in "${SERVERS[@]}"; do
			if [ "${spec%% *}" = softether ]; then l=softether; else l="external(${spec#* })"; fi
			printf ' %24s' "${RES_GBPS["$l $v"]:-NA}"
		done
		echo
	done
fi
echo "total $(secs_since "$T_START") s"
# the closing line, in the plain "N passed, N failed" form CI logs understand
echo "interop: $(( ${#SERVERS[@]} * $(wc -w <<<"$VARIANTS") - FAILS )) passed, $FAILS failed"
[ "$FAILS" = 0 ]
