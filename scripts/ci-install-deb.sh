#!/usr/bin/env bash
# Called by .ci/run after the build: installs target/hotline_*.deb on this machine (root), then,
# from the installed files only and as the hotline user, creates two stations, serves both on
# loopback, pairs them and sends a message across. Then purges the package, checks the data stayed,
# and leaves the machine as it found it. There is no systemd in CI, so `serve` runs under runuser.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
deb="$(ls target/hotline_*_all.deb 2>/dev/null | head -n 1)"
if [[ "$(id -u)" != 0 ]]; then
  echo "ci-install-deb: not root; the package install test is skipped" >&2
  exit 0
fi
[[ -n "$deb" ]] || { echo "ci-install-deb: no target/hotline_*_all.deb (build with -Ppackages)" >&2; exit 1; }
started=$SECONDS
# shellcheck source=ci-postgres.sh
source scripts/ci-postgres.sh  # for hotline_ci_free_port

fail() {
  echo "ci-install-deb: FAILED: $*" >&2
  exit 1
}

user_existed=no
getent passwd hotline >/dev/null && user_existed=yes
[[ -e /var/lib/hotline ]] && fail "/var/lib/hotline exists already; not touching a real installation"
serving=()
cleanup() {
  local pid
  for pid in "${serving[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${serving[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if dpkg -s hotline >/dev/null 2>&1 || [[ -e /etc/hotline ]]; then
    HOTLINE_PURGE_DATA=yes dpkg --purge hotline >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/hotline
  if [[ "$user_existed" == no ]] && getent passwd hotline >/dev/null; then
    deluser --system hotline >/dev/null 2>&1 || true
    if getent group hotline >/dev/null; then
      delgroup --system hotline >/dev/null 2>&1 || true
    fi
  fi
  return 0
}
trap cleanup EXIT

echo "ci-install-deb: dpkg -i $deb" >&2
dpkg -i "$deb" >/dev/null
[[ -x /usr/bin/hotline ]] || fail "/usr/bin/hotline is not installed"
getent passwd hotline >/dev/null || fail "no hotline user"
[[ "$(stat -c '%U %a' /var/lib/hotline)" == "hotline 700" ]] || fail "/var/lib/hotline is not hotline's, mode 0700"
[[ -f /etc/hotline/hotline.env ]] || fail "no /etc/hotline/hotline.env"
[[ -L /etc/systemd/system/multi-user.target.wants/hotline.service ]] || fail "hotline.service is not enabled"
grep -q '^ExecStart=/usr/bin/hotline serve --data /var/lib/hotline/station' /lib/systemd/system/hotline.service \
  || fail "the unit does not run the installed command"
man -l /usr/share/man/man1/hotline-serve.1.gz 2>/dev/null | grep -q 'hotline serve' || fail "man page hotline-serve(1) does not render"
bash -c 'source /usr/share/bash-completion/completions/hotline && complete -p hotline' >/dev/null \
  || fail "the bash completion does not load"

as_hotline() {
  # Only what the package installed: no JAVA_HOME, the launcher finds a runtime by itself.
  runuser -u hotline -- env -u JAVA_HOME -u HOTLINE_DATA PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

init_station() {  # init_station NAME DATA FEDERATION_PORT API_PORT
  as_hotline hotline init --data "$2" --name "$1" --federation-listen "127.0.0.1:$3" \
    --advertise "127.0.0.1:$3" --api-listen "127.0.0.1:$4" >/dev/null
}

serve() {  # serve DATA: in a process group of its own (so that cleanup stops all of it), logging to DATA.log
  setsid runuser -u hotline -- env -u JAVA_HOME PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    hotline serve --data "$1" >"$1.log" 2>&1 &
  serving+=("$!")
}

await_health() {  # await_health PID API_PORT LOG
  local deadline=$((SECONDS + 90))
  until curl -fsS --max-time 2 "http://127.0.0.1:$2/api/v1/health" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { cat "$3" >&2; fail "the station on port $2 did not become healthy in 90 s"; }
    kill -0 "$1" 2>/dev/null || { cat "$3" >&2; fail "the station on port $2 exited"; }
    sleep 0.5
  done
}

echo "ci-install-deb: installed and checked in $((SECONDS - started)) s" >&2
blue=/var/lib/hotline/station red=/var/lib/hotline/second
blue_federation="$(hotline_ci_free_port)" blue_api="$(hotline_ci_free_port)"
red_federation="$(hotline_ci_free_port)" red_api="$(hotline_ci_free_port)"
# Both at once: on two cores, JVM start-ups are most of this script's time.
init_station "Blue House" "$blue" "$blue_federation" "$blue_api" & blue_init=$!
init_station "Red House" "$red" "$red_federation" "$red_api" & red_init=$!
wait "$blue_init" || fail "hotline init (Blue House) failed"
wait "$red_init" || fail "hotline init (Red House) failed"
serve "$blue"
serve "$red"
await_health "${serving[0]}" "$blue_api" "$blue.log"
await_health "${serving[1]}" "$red_api" "$red.log"
for pid in "${serving[@]}"; do
  [[ "$(ps -o user= -p "$(pgrep -P "$pid" | head -n 1)" 2>/dev/null || true)" != root ]] \
    || fail "serve runs as root"
done

echo "ci-install-deb: both stations serving after $((SECONDS - started)) s" >&2
# The hotline user's default station is the packaged one: no --data needed.
invitation="$(as_hotline hotline line invite liaison | grep -E '^hotline-invitation:' || true)"
[[ -n "$invitation" ]] || fail "no invitation from the packaged station"
as_hotline hotline line accept --yes --data /var/lib/hotline/second "$invitation" >/dev/null
as_hotline hotline send liaison "hello from the installed package" >/dev/null
deadline=$((SECONDS + 60))
until as_hotline hotline read liaison --data /var/lib/hotline/second 2>/dev/null | grep -q 'hello from the installed package'; do
  (( SECONDS < deadline )) || fail "the message did not arrive at the second station in 60 s"
  sleep 0.5
done

for pid in "${serving[@]}"; do
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
serving=()
dpkg --purge hotline >/dev/null 2>&1
[[ ! -e /usr/bin/hotline && ! -e /etc/hotline ]] || fail "purge left the program or its configuration"
[[ -f /var/lib/hotline/station/hotline.conf ]] || fail "purge deleted the station's data without being asked"
echo "ci-install-deb: installed, two stations served and paired as the hotline user, purged (data kept): $((SECONDS - started)) s" >&2
