# shellcheck shell=bash
# Sourced by ./hotline, ./run-tests and .ci/run: sets JAVA_HOME to a JDK 21 or newer, or explains
# what to install. Order: $JAVA_HOME if new enough, then well-known locations, then java on PATH.
# `hotline_find_java runtime` (the installed package's /usr/bin/hotline) settles for a runtime
# without javac.

hotline_java_major() {
  local version
  version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)"
  echo "${version%%.*}"
}

hotline_find_java() {
  local candidate major
  local need=javac what="JDK" debian=openjdk-21-jdk-headless
  if [[ "${1:-}" == runtime ]]; then
    need=java what="Java runtime" debian=openjdk-21-jre-headless
  fi
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64
               /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-arm64)
  for candidate in /usr/lib/jvm/*; do candidates+=("$candidate"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/$need" ]] || continue
    major="$(hotline_java_major "$candidate")"
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<MESSAGE
hotline: no $what 21 or newer found (checked \$JAVA_HOME, /usr/lib/jvm/* and java on PATH).
Install one, for example:
  Debian/Ubuntu:  apt-get install $debian   (or Temurin 21/25 from adoptium.net)
  macOS:          brew install openjdk@21
then set JAVA_HOME to it, or put it in /usr/lib/jvm.
MESSAGE
  return 1
}
