#!/usr/bin/env bash
# softether-config-securenat.sh OUT_FILE [CAPS_FILE]
#   Makes a REAL vpn_server.config with SecureNAT settings for the config-import
#   tests: a private vpnserver (own netns + state, softether.sh) configured with
#   vpncmd only: hub NAT with SecureNAT on, its virtual host, NAT and DHCP
#   settings changed (SecureNatHostSet, NatSet, DhcpSet with a pushed route);
#   hub PLAIN with SecureNAT off but its DHCP pool changed; DEFAULT untouched.
#   Optionally writes vpncmd's Caps to CAPS_FILE.  Flushes, copies the file,
#   stops the server by PID, deletes the namespace.  Root only.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "$1")
caps=${2:+$(realpath -m "$2")}
# shellcheck source=softether.sh
. "$HERE/softether.sh"
evi_se_config_server evsnat
dir=$EVI_CFG_DIR
evi_vpncmd "$dir" localhost:5555 /SERVER <<'CMDS' >/dev/null
ProtoOptionsSet OpenVPN /NAME:Enabled /VALUE:no
ProtoOptionsSet SSTP /NAME:Enabled /VALUE:no
VpnAzureSetEnable no
KeepDisable
HubCreate NAT /PASSWORD:"hubpw"
Hub NAT
SecureNatEnable
SecureNatHostSet /MAC:5E-AA-BB-CC-DD-01 /IP:10.77.0.1 /MASK:255.255.0.0
NatSet /MTU:1400 /TCPTIMEOUT:3600 /UDPTIMEOUT:90 /LOG:no
DhcpSet /START:10.77.1.10 /END:10.77.1.99 /MASK:255.255.0.0 /EXPIRE:3600 /GW:10.77.0.1 /DNS:10.77.0.1 /DNS2:192.0.2.53 /DOMAIN:vpn.example.org /LOG:no /PUSHROUTE:"192.0.2.0/255.255.255.0/10.77.0.1"
HubCreate PLAIN /PASSWORD:"hubpw"
Hub PLAIN
DhcpSet /START:192.168.30.50 /END:192.168.30.60 /MASK:255.255.255.0 /EXPIRE:600 /GW:192.168.30.1 /DNS:192.168.30.1 /DNS2:0.0.0.0 /DOMAIN:none /LOG:yes /PUSHROUTE:none
ServerPasswordSet "adm1n"
Flush
CMDS
if [ -n "$caps" ]; then
	echo Caps | evi_vpncmd "$dir" localhost:5555 /SERVER /PASSWORD:adm1n >"$caps"
fi
evi_se_config_save "$out"
