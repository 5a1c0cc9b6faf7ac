#!/usr/bin/env bash
# Builds the Debian package and the container image (an OCI layout that docker load also reads) from
# a packaged build (target/hotline.jar, target/lib, the man pages in target/packaging/man). Run by
# the "packages" Maven profile (see pom.xml):
#   ./mvnw -B -Ppackages verify -DskipTests
# Usage: scripts/build-packages.sh VERSION   (JAVA_HOME: the JDK that built the jar)
set -euo pipefail
version="${1:?usage: build-packages.sh VERSION}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$here/target"
work="$target/packaging"
java="${JAVA_HOME:?JAVA_HOME must name the JDK that built the jar}/bin/java"
# Debian's form of the version: 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT, which sorts before 0.1.0.
deb_version="${version//-/\~}"

[[ -f "$target/hotline.jar" && -d "$target/lib" ]] || { echo "build-packages: run mvn package first" >&2; exit 1; }
ls "$work"/man/hotline.1 >/dev/null || { echo "build-packages: no man pages in $work/man" >&2; exit 1; }

stage_deb() {
  local root="$work/deb-root"
  rm -rf "$root"
  install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/hotline/lib" "$root/lib/systemd/system" \
    "$root/etc/hotline" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
    "$root/usr/share/doc/hotline"
  install -m 0755 "$here/packaging/deb/hotline" "$root/usr/bin/hotline"
  install -m 0644 "$target/hotline.jar" "$root/usr/share/hotline/hotline.jar"
  install -m 0644 "$target"/lib/*.jar "$root/usr/share/hotline/lib/"
  install -m 0644 "$here/scripts/find-java.sh" "$root/usr/share/hotline/find-java.sh"
  install -m 0644 "$here/packaging/deb/hotline.env" "$root/etc/hotline/hotline.env"
  # The unit is docs/hotline.service (one copy of its confinement), pointed at the package's files.
  # It waits for the station to exist: enabled at install, it starts once `hotline init` has run.
  sed -e '/^#/d' \
      -e 's|^Documentation=.*|Documentation=man:hotline(1) man:hotline-serve(1)|' \
      -e 's|^After=network-online.target|&\nConditionPathExists=/var/lib/hotline/station/hotline.conf|' \
      -e 's|^Environment=HOTLINE_LOG_FORMAT=json|&\nEnvironmentFile=-/etc/hotline/hotline.env|' \
      -e 's|^ExecStart=/opt/hotline/hotline |ExecStart=/usr/bin/hotline |' \
      "$here/docs/hotline.service" > "$root/lib/systemd/system/hotline.service"
  grep -q '^ExecStart=/usr/bin/hotline serve' "$root/lib/systemd/system/hotline.service" \
    || { echo "build-packages: docs/hotline.service changed shape; fix the sed above" >&2; exit 1; }
  chmod 0644 "$root/lib/systemd/system/hotline.service"
  local page
  for page in "$work"/man/*.1; do
    gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
  done
  "$java" -jar "$target/hotline.jar" completion > "$root/usr/share/bash-completion/completions/hotline"
  install -m 0644 "$here/packaging/deb/copyright" "$root/usr/share/doc/hotline/copyright"
  local script
  for script in postinst prerm postrm; do
    install -m 0755 "$here/packaging/deb/$script" "$root/DEBIAN/$script"
  done
  install -m 0644 "$here/packaging/deb/conffiles" "$root/DEBIAN/conffiles"
  local size
  size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
  sed -e "s/@VERSION@/$deb_version/" -e "s/@SIZE@/$size/" "$here/packaging/deb/control" > "$root/DEBIAN/control"
  chmod 0644 "$root/DEBIAN/control"
  find "$root" -type d -exec chmod 0755 {} +
  rm -f "$target"/hotline_*.deb
  # gzip, not xz: the jars inside are compressed already, and xz would take ten times as long.
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$target/hotline_${deb_version}_all.deb" >/dev/null
  echo "build-packages: $target/hotline_${deb_version}_all.deb"
}

# The modules the jar and its libraries use (jdeps --print-module-deps over target/hotline.jar and
# target/lib), and jdk.zipfs for reading resources out of jars.
modules=java.base,java.desktop,java.instrument,java.naming,java.net.http,java.rmi,java.security.jgss,java.security.sasl,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs

stage_image() {
  local root="$work/image"
  rm -rf "$root"
  mkdir -p "$root/base/etc" "$root/base/tmp" "$root/base/var/lib/hotline" "$root/runtime/opt" \
    "$root/libraries/opt/hotline/lib" "$root/application/opt/hotline" "$root/native"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$root/runtime/opt/java"
  # No distribution underneath: the C libraries the runtime and SQLite's native library link, copied
  # from this machine at the paths the dynamic linker looks for them.
  local arch sqlite
  case "$(uname -m)" in
    x86_64) arch=x86_64 ;;
    aarch64) arch=aarch64 ;;
    *) echo "build-packages: no image for $(uname -m)" >&2; return 1 ;;
  esac
  sqlite="$(ls "$target"/lib/sqlite-jdbc-*.jar)"
  (cd "$root/native" && "$JAVA_HOME/bin/jar" xf "$sqlite" "org/sqlite/native/Linux/$arch/libsqlitejdbc.so")
  local library
  while read -r library; do
    install -D -m 0755 "$(readlink -f "$library")" "$root/base$library"
  # The runtime's own libraries find one another ($ORIGIN); the graphics and sound ones are never
  # loaded by a headless station, so what they link (X11, ALSA) stays out.
  done < <(find "$root/runtime/opt/java" "$root/native" -type f \( -name '*.so' -o -path '*/bin/*' \) \
             ! -name 'libawt_xawt.so' ! -name 'libjsound.so' ! -name 'libsplashscreen.so' ! -name 'libjawt.so' -print0 \
             | xargs -0 ldd 2>/dev/null \
             | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' \
             | grep -v "^$root/" | sort -u)
  [[ -f "$root/base/lib64/ld-linux-x86-64.so.2" || -f "$root/base/lib/ld-linux-aarch64.so.1" ]] \
    || { echo "build-packages: the dynamic linker was not found by ldd" >&2; return 1; }
  printf 'root:x:0:0:root:/root:/sbin/nologin\nhotline:x:10001:10001:Hotline station:/var/lib/hotline:/sbin/nologin\n' \
    > "$root/base/etc/passwd"
  printf 'root:x:0:\nhotline:x:10001:\n' > "$root/base/etc/group"
  install -m 0644 "$target"/lib/*.jar "$root/libraries/opt/hotline/lib/"
  install -m 0644 "$target/hotline.jar" "$root/application/opt/hotline/hotline.jar"
  "$JAVA_HOME/bin/java" -cp "$target/hotline.jar" org.hotline.packaging.HotlineImage "$target/hotline-image.tar" "$version" \
    "$root/base" "$root/runtime" "$root/libraries" "$root/application"
}

time_of() {  # time_of STEP: runs stage_STEP and says how long it took
  local start=$SECONDS
  "stage_$1"
  echo "build-packages: $1 in $((SECONDS - start)) s" >&2
}

time_of deb
time_of image
