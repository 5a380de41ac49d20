#!/usr/bin/env bash
# Installs what tests/java_sdk.rs needs (idempotent): a JDK and Maven (Debian default-jdk-headless,
# maven) when missing, then the real Microsoft Graph Java SDK, com.microsoft.graph:microsoft-graph
# (version pinned in tests/java_sdk/pom.xml), with its dependencies from Maven Central into
# tests/java_sdk/lib (mvn dependency:copy-dependencies).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/java_sdk"

apt_packages=()
command -v javac >/dev/null 2>&1 || apt_packages+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || apt_packages+=(maven)
bash "$root/scripts/apt-install.sh" setup-java-sdk "${apt_packages[@]}"

version="$(sed -n 's:.*<version>\(6\.[0-9.]*\)</version>.*:\1:p' "$dir/pom.xml")"
if [ -f "$dir/lib/microsoft-graph-$version.jar" ] && [ "$dir/lib" -nt "$dir/pom.xml" ]; then
    echo "setup-java-sdk: tests/java_sdk/lib already has microsoft-graph $version"
else
    echo "setup-java-sdk: mvn dependency:copy-dependencies in tests/java_sdk (microsoft-graph $version)"
    rm -rf "$dir/lib"
    (cd "$dir" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib)
    touch "$dir/lib"
fi
