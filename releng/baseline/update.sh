#!/usr/bin/env bash
# Makes the build of COMMIT the API baseline: builds its bundles that export packages (from a
# `git archive` copy, so the working tree is not touched), stores their jars in releng/baseline/repo
# as org.ethervpn:<bundle>:0.1.0-<short commit> and sets ethervpn.baseline.version in the root pom.
# Usage: releng/baseline/update.sh COMMIT   (e.g. the commit of a release)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
commit=$(git -C "$root" rev-parse --short=7 "${1:?usage: $0 COMMIT}")
version=0.1.0-$commit
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$src"
bundles=$(cd "$src" && grep -rl '^@Export' bundles/*/src/main/java | sed 's|/src/main.*||' | sort -u)
(cd "$src" && ./mvnw -B -ntp -q package -DskipTests -pl "$(echo $bundles | tr ' ' ,)" -am)
rm -rf "$root/releng/baseline/repo"
for b in $bundles; do
    a=$(basename "$b")
    d=$root/releng/baseline/repo/org/ethervpn/$a/$version
    mkdir -p "$d"
    cp "$src/$b/target/$a-0.1.0-SNAPSHOT.jar" "$d/$a-$version.jar"
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.ethervpn</groupId><artifactId>%s</artifactId><version>%s</version></project>\n' "$a" "$version" > "$d/$a-$version.pom"
done
sed -i "s|<ethervpn.baseline.version>[^<]*<|<ethervpn.baseline.version>$version<|" "$root/pom.xml"
echo "baseline: $version ($(echo $bundles | wc -w) bundles); commit releng/baseline and pom.xml"
