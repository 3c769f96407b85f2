#!/usr/bin/env bash
# Creates bundles/<name>/pom.xml for a new bundle module (then add it to the root pom's <modules>
# and <dependencyManagement>). Usage: releng/new-bundle.sh org.ethervpn.foo "EtherVPN foo: what it does" [dependency-xml]
# A bundle that exports packages also lists <plugin>bnd-baseline-maven-plugin</plugin> (API baselining: releng/baseline/README.md).
set -euo pipefail
name=$1 title=$2 deps=${3:-}
dir=$(cd "$(dirname "$0")/.." && pwd)/bundles/$name
[ -e "$dir/pom.xml" ] && { echo "$dir/pom.xml exists" >&2; exit 1; }
mkdir -p "$dir/src/main/java" "$dir/src/test/java"
cat > "$dir/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.ethervpn</groupId>
    <artifactId>ethervpn</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>../../pom.xml</relativePath>
  </parent>
  <artifactId>$name</artifactId>
  <name>$title</name>

  <dependencies>
    <dependency><groupId>org.osgi</groupId><artifactId>osgi.annotation</artifactId></dependency>
    <dependency><groupId>org.osgi</groupId><artifactId>osgi.core</artifactId></dependency>
    <dependency><groupId>org.osgi</groupId><artifactId>org.osgi.service.component.annotations</artifactId></dependency>
    <dependency><groupId>org.osgi</groupId><artifactId>org.osgi.service.metatype.annotations</artifactId></dependency>
$deps
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
  </dependencies>

  <build>
    <plugins>
      <plugin><groupId>biz.aQute.bnd</groupId><artifactId>bnd-maven-plugin</artifactId></plugin>
    </plugins>
  </build>
</project>
EOF
echo "created $dir"
