#!/usr/bin/env bash
# softether-config-sample.sh OUT_FILE
#   Makes a REAL vpn_server.config for the config-import tests: a private
#   vpnserver (own netns + state, softether.sh) configured with vpncmd only:
#   hubs IMPORTED (max 50 sessions; password users alice, Bob; anonymous guest;
#   RADIUS carol and NT-domain dave, which EtherVPN cannot import; a cascade
#   "tohq"; a local bridge to eth9) and OTHER (offline); listener 8443 added,
#   992 disabled, 1194 deleted; cipher ECDHE-RSA-AES256-GCM-SHA384.  Flushes,
#   copies the file, stops the server by PID, deletes the namespace.  Root only.
#   Passwords (the tests rely on them): alice "Al1ce-pw!", Bob "b0b pass$word",
#   cascade "casc pw", admin "adm1n".
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "$1")
# shellcheck source=softether.sh
. "$HERE/softether.sh"
evi_se_config_server evcfg
dir=$EVI_CFG_DIR
evi_vpncmd "$dir" localhost:5555 /SERVER <<'CMDS' >/dev/null
ListenerCreate 8443
ListenerDisable 992
ListenerDelete 1194
ProtoOptionsSet OpenVPN /NAME:Enabled /VALUE:no
ProtoOptionsSet SSTP /NAME:Enabled /VALUE:no
VpnAzureSetEnable no
KeepDisable
ServerCipherSet ECDHE-RSA-AES256-GCM-SHA384
HubCreate IMPORTED /PASSWORD:"hubpw"
Hub IMPORTED
SetMaxSession 50
UserCreate alice /GROUP:none /REALNAME:"Alice Example" /NOTE:"imported from SoftEther"
UserPasswordSet alice /PASSWORD:"Al1ce-pw!"
UserCreate Bob /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet Bob /PASSWORD:"b0b pass$word"
UserCreate guest /GROUP:none /REALNAME:none /NOTE:none
UserAnonymousSet guest
UserCreate carol /GROUP:none /REALNAME:none /NOTE:none
UserRadiusSet carol /ALIAS:none
UserCreate dave /GROUP:none /REALNAME:none /NOTE:none
UserNTLMSet dave /ALIAS:none
CascadeCreate tohq /SERVER:hq.example.net:443 /HUB:HQ /USERNAME:branch1
CascadePasswordSet tohq /PASSWORD:"casc pw" /TYPE:standard
CascadeOnline tohq
BridgeCreate IMPORTED /DEVICE:eth9
HubCreate OTHER /PASSWORD:"hubpw"
Hub OTHER
Offline
ServerPasswordSet "adm1n"
Flush
CMDS
evi_se_config_save "$out"
