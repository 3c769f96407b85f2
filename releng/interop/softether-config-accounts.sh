#!/usr/bin/env bash
# softether-config-accounts.sh OUT_FILE [NEXT_YEAR]
#   Makes a REAL vpn_server.config whose users SoftEther keeps closed or limits
#   (for the "an import must never open an account" tests): a private vpnserver
#   (own netns + state, softether.sh) configured with vpncmd only.  Hub ACCOUNTS:
#     open      password "open-pw"                         logs in
#     denied    password "denied-pw", own policy Access no
#     ingroup   password "ingroup-pw", group closed (group policy Access no)
#     expired   password "expired-pw", expires 2020/01/01 00:00:00
#     nextyear  password "nextyear-pw", expires NEXT_YEAR/06/30 12:00:00 (default: next year)
#     limited   password "limited-pw", group slow (policy MaxConnection 2, TimeOut 60)
#     own       password "own-pw", own policy MaxUpload 1000000 (Access yes)
#     certuser  client certificate (a self-signed one made here with openssl)
#   Flushes, copies the file, stops the server by PID, deletes the namespace.  Root only.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$(realpath -m "$1")
next_year=${2:-$(($(date +%Y) + 1))}
# shellcheck source=softether.sh
. "$HERE/softether.sh"
evi_se_config_server evacc
dir=$EVI_CFG_DIR
# vpncmd runs with /tmp mapped to the server's private tmp: the certificate goes there
mkdir -p "$dir/priv/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=certuser -days 3650 \
	-keyout "$dir/priv/tmp/cert.key" -out "$dir/priv/tmp/cert.pem" 2>/dev/null
evi_vpncmd "$dir" localhost:5555 /SERVER <<CMDS >/dev/null
ProtoOptionsSet OpenVPN /NAME:Enabled /VALUE:no
ProtoOptionsSet SSTP /NAME:Enabled /VALUE:no
VpnAzureSetEnable no
KeepDisable
HubCreate ACCOUNTS /PASSWORD:"hubpw"
Hub ACCOUNTS
GroupCreate closed /REALNAME:none /NOTE:none
GroupPolicySet closed /NAME:Access /VALUE:no
GroupCreate slow /REALNAME:none /NOTE:none
GroupPolicySet slow /NAME:MaxConnection /VALUE:2
GroupPolicySet slow /NAME:TimeOut /VALUE:60
UserCreate open /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet open /PASSWORD:"open-pw"
UserCreate denied /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet denied /PASSWORD:"denied-pw"
UserPolicySet denied /NAME:Access /VALUE:no
UserCreate ingroup /GROUP:closed /REALNAME:none /NOTE:none
UserPasswordSet ingroup /PASSWORD:"ingroup-pw"
UserCreate expired /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet expired /PASSWORD:"expired-pw"
UserExpiresSet expired /EXPIRES:"2020/01/01 00:00:00"
UserCreate nextyear /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet nextyear /PASSWORD:"nextyear-pw"
UserExpiresSet nextyear /EXPIRES:"$next_year/06/30 12:00:00"
UserCreate limited /GROUP:slow /REALNAME:none /NOTE:none
UserPasswordSet limited /PASSWORD:"limited-pw"
UserCreate own /GROUP:none /REALNAME:none /NOTE:none
UserPasswordSet own /PASSWORD:"own-pw"
UserPolicySet own /NAME:MaxUpload /VALUE:1000000
UserCreate certuser /GROUP:none /REALNAME:none /NOTE:none
UserCertSet certuser /LOADCERT:/tmp/cert.pem
ServerPasswordSet "adm1n"
Flush
CMDS
evi_se_config_save "$out"
