#!/usr/bin/env bash
# install-test-deps.sh - system packages the test suite needs (releng/test runs
# this as root before ./mvnw verify).  Quiet and fast (~0.1 s) when everything
# is installed; otherwise installs only what is missing (Debian, apt-get).
#
#   * the SoftEther interop tests (product/server-test SoftEtherInteropTest):
#     softether-vpnserver/-vpnclient/-vpncmd/-vpnbridge, iperf3, ping, ...
#     -> releng/interop/install-deps.sh
#   * the protocol probe tests (SoftEtherProbeTest): python3 (standard library only)
#   * the console tests (ConsoleTest, ConsoleRuntimeTest): xvfb (a private X server each) and
#     libgtk-3-0 (SWT's GTK 3), about 47 MB
#
# Without root nothing is installed; the tests that need a package then skip.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)

"$HERE/interop/install-deps.sh"

# python3: any python3 >= 3.8 on the PATH will do (se_probe.py uses the
# standard library only); install Debian's when there is none.
if ! python3 -c 'import sys, ssl, zlib; sys.exit(sys.version_info < (3, 8))' >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-test-deps.sh: python3 (>= 3.8) is missing; run as root to install it" >&2
		exit 1
	fi
	echo "install-test-deps.sh: installing python3" >&2
	log=$(mktemp /tmp/evi-apt.XXXXXX)
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends python3 >"$log" 2>&1; then
		if ! { apt-get update && apt-get install -y --no-install-recommends python3; } >>"$log" 2>&1; then
			tail -30 "$log" >&2
			rm -f "$log"
			exit 1
		fi
	fi
	rm -f "$log"
fi

# The real proxies of the proxy-transport tests (org.ethervpn.transport.proxy), run privately in a
# test namespace with their own config: tinyproxy (HTTP CONNECT), dante's danted (SOCKS4, SOCKS5
# without authentication) and microsocks (SOCKS5 user/password: dante checks that against system
# accounts, which the tests must not create). Debian starts a package's service on install where
# there is an init system: stop that one, the tests run their own.
install_proxy() { # command package [service]
	if command -v "$1" >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then return 0; fi
	echo "install-test-deps.sh: installing $2" >&2
	export DEBIAN_FRONTEND=noninteractive
	local log
	log=$(mktemp /tmp/evi-apt.XXXXXX)
	if ! apt-get install -y --no-install-recommends "$2" >"$log" 2>&1; then
		{ apt-get update && apt-get install -y --no-install-recommends "$2"; } >>"$log" 2>&1 || { tail -30 "$log" >&2; rm -f "$log"; exit 1; }
	fi
	rm -f "$log"
	if [ -n "${3:-}" ] && command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$3" >/dev/null 2>&1 || true; fi
}
install_proxy tinyproxy tinyproxy tinyproxy
PATH=$PATH:/usr/sbin install_proxy danted dante-server danted
install_proxy microsocks microsocks

# The console tests: Xvfb and SWT's GTK 3 (a library, so dpkg says whether it is there).
install_proxy Xvfb xvfb
if [ "$(dpkg-query -W -f='${db:Status-Status}' libgtk-3-0 2>/dev/null || true)" != installed ]; then
	install_proxy "" libgtk-3-0
fi
