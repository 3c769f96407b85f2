# Sourced (POSIX sh) by ./mvnw, ./ethervpn and the releng scripts: exports JAVA_HOME pointing at a
# JDK >= 25. EtherVPN targets Java 25; the machine's default java may be older.
# Order: ETHERVPN_JAVA_HOME, then JAVA_HOME if it is new enough, then JDKs under /usr/lib/jvm,
# /opt/java and /opt. Override with ETHERVPN_JAVA_HOME=/path/to/jdk-25.
ethervpn_jdk_major() {
  [ -f "$1/release" ] && [ -x "$1/bin/java" ] || { echo 0; return; }
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  echo "${v:-0}"
}
ethervpn_find_jdk() {
  for c in "${ETHERVPN_JAVA_HOME-}" "${JAVA_HOME-}" /usr/lib/jvm/* /opt/java/* /opt/*; do
    [ -n "$c" ] && [ -d "$c" ] || continue
    if [ "$(ethervpn_jdk_major "$c")" -ge 25 ]; then echo "$c"; return 0; fi
  done
  return 1
}
# ./mvnw runs with "set -f"; the search needs globbing.
case $- in *f*) set +f; ethervpn_noglob=1 ;; *) ethervpn_noglob= ;; esac
ethervpn_jdk=$(ethervpn_find_jdk) || ethervpn_jdk=
[ -z "$ethervpn_noglob" ] || set -f
if [ -n "$ethervpn_jdk" ]; then
  JAVA_HOME=$ethervpn_jdk
  export JAVA_HOME
else
  echo "EtherVPN needs a JDK 25 or newer and found none (looked at ETHERVPN_JAVA_HOME, JAVA_HOME," >&2
  echo "/usr/lib/jvm, /opt). Install one (e.g. Temurin 25) and set ETHERVPN_JAVA_HOME=/path/to/jdk-25." >&2
  exit 1
fi
unset ethervpn_jdk ethervpn_noglob
