#!/usr/bin/env bash
# install-deps.sh - install (as root, only when missing) the Debian packages the
# SoftEther interop tests need.  Idempotent; prints nothing when all is there.
#
#   releng/interop/install-deps.sh            install what is missing
#   releng/interop/install-deps.sh --check    only report; exit 1 if something is missing
#
# The SoftEther packages ship an init script / systemd unit for a system-wide
# vpnserver/vpnclient.  The tests never use those: they start private instances
# (see softether.sh).  So that installing does not start a machine-wide
# daemon, the install runs with a temporary /usr/sbin/policy-rc.d that denies
# service starts - only if the machine has none already (Docker images do).
set -euo pipefail

EVI_DEB_PACKAGES=(
	softether-vpnserver softether-vpnclient softether-vpncmd softether-vpnbridge
	iperf3 iputils-ping iproute2 jq procps util-linux coreutils
	busybox dnsmasq-base
)

missing=()
for p in "${EVI_DEB_PACKAGES[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "${1:-}" = --check ]; then
	echo "missing Debian packages: ${missing[*]}" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: missing ${missing[*]}; run as root (apt-get install)" >&2
	exit 1
fi

echo "install-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# temporary, from ethervpn releng/interop/install-deps.sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	made_policy=1
	trap '[ "$made_policy" = 1 ] && rm -f "$policy"' EXIT
fi

log=$(mktemp /tmp/evi-apt.XXXXXX)
if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
	# most likely no (or stale) package lists: refresh once and retry
	echo "install-deps.sh: apt-get install failed, running apt-get update and retrying" >&2
	if ! { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >>"$log" 2>&1; then
		tail -30 "$log" >&2
		rm -f "$log"
		exit 1
	fi
fi
rm -f "$log"
echo "install-deps.sh: done" >&2
