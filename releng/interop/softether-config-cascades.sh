#!/usr/bin/env bash
# softether-config-cascades.sh OUT_FILE CERT_FILE
#   Makes a REAL vpn_server.config whose cascades carry the options the import
#   must keep (issue 12): a private vpnserver (own netns + state, softether.sh)
#   configured with vpncmd only. Hub CASC: cascade "viaproxy" (HTTP proxy
#   proxy.example.net:3128, user px, password "px-Secret 1", headers X-Tenant
#   and User-Agent, 3 connections 2 s apart, lifetime 600 s, half duplex,
#   compression, no encryption, no QoS, a pinned CERT_FILE with the check on),
#   cascade "viasocks" (SOCKS5 socks.example.net:1080, check on, no pinned
#   certificate; Debian's vpncmd 5.01.9674 has no CascadeDefaultCAEnable),
#   NoEnum set on the hub. Flushes, copies the file, stops the server by PID,
#   deletes the namespace. Root only.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "$1")
cert=$(realpath "$2")
# shellcheck source=softether.sh
. "$HERE/softether.sh"
evi_se_config_server evcas
dir=$EVI_CFG_DIR
mkdir -p "$dir/priv/tmp"
cp "$cert" "$dir/priv/tmp/pinned.crt"
evi_vpncmd "$dir" localhost:5555 /SERVER <<'CMDS' >/dev/null
HubCreate CASC /PASSWORD:"hubpw"
Hub CASC
SetEnumDeny
CascadeCreate viaproxy /SERVER:hq.example.net:443 /HUB:HQ /USERNAME:branch1
CascadePasswordSet viaproxy /PASSWORD:"casc pw" /TYPE:standard
CascadeProxyHttp viaproxy /SERVER:proxy.example.net:3128 /USERNAME:px /PASSWORD:"px-Secret 1"
CascadeHttpHeaderAdd viaproxy /NAME:X-Tenant /DATA:blue
CascadeHttpHeaderAdd viaproxy /NAME:User-Agent /DATA:vpn
CascadeDetailSet viaproxy /MAXTCP:3 /INTERVAL:2 /TTL:600 /HALF:yes /NOQOS:yes
CascadeCompressEnable viaproxy
CascadeEncryptDisable viaproxy
CascadeServerCertSet viaproxy /LOADCERT:/tmp/pinned.crt
CascadeServerCertEnable viaproxy
CascadeCreate viasocks /SERVER:hq.example.net:443 /HUB:HQ /USERNAME:branch2
CascadePasswordSet viasocks /PASSWORD:"casc pw2" /TYPE:standard
CascadeProxySocks5 viasocks /SERVER:socks.example.net:1080
CascadeServerCertEnable viasocks
Flush
CMDS
evi_se_config_save "$out"
