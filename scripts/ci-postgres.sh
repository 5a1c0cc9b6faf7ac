# shellcheck shell=bash
# Sourced by .ci/run: a private PostgreSQL cluster from Debian's packages for the PostgreSQL pass
# of the tests. hotline_ci_postgres_start creates it in a temporary folder, starts it on a free
# loopback port, exports HOTLINE_TEST_POSTGRES_URL (read by src/test/.../store/PostgresServer.java)
# and stops and deletes it when the calling shell exits. Where it cannot (not root and no initdb),
# it says so and the tests use the embedded PostgreSQL from Maven jars instead.

hotline_ci_postgres_bin() {
  local dir
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"  # the newest, if several
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

# A TCP port on 127.0.0.1 that nothing listens on.
hotline_ci_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for ((port = 54320 + RANDOM % 1000; port < 65000; port++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}

hotline_ci_postgres_start() {
  if [[ -n "${HOTLINE_TEST_POSTGRES_URL:-}" ]]; then
    echo "ci: PostgreSQL pass on the server already named by HOTLINE_TEST_POSTGRES_URL" >&2
    return 0
  fi
  local bin as_owner=()
  bin="$(hotline_ci_postgres_bin)" || true
  if [[ "$(id -u)" == 0 ]]; then
    if [[ -z "$bin" ]]; then
      echo "ci: installing Debian's postgresql" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin="$(hotline_ci_postgres_bin)" || true
    fi
    as_owner=(runuser -u postgres --)  # initdb and postgres refuse to run as root
  fi
  if [[ -z "$bin" ]]; then
    echo "ci: no PostgreSQL server here and not root to install one: the PostgreSQL pass uses the embedded PostgreSQL" >&2
    return 0
  fi

  if [[ ${#as_owner[@]} -gt 0 ]]; then
    HOTLINE_CI_POSTGRES_DIR="$(mktemp -d /tmp/hotline-postgres.XXXXXX)"  # where the postgres user can reach it
    chown postgres: "$HOTLINE_CI_POSTGRES_DIR"
  else
    HOTLINE_CI_POSTGRES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/hotline-postgres.XXXXXX")"
  fi
  HOTLINE_CI_POSTGRES_RUN=("${as_owner[@]}")
  trap hotline_ci_postgres_stop EXIT
  local dir="$HOTLINE_CI_POSTGRES_DIR"
  "${as_owner[@]}" "$bin/initdb" --pgdata="$dir/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  local port attempt
  for attempt in 1 2 3; do
    port="$(hotline_ci_free_port)"
    if "${as_owner[@]}" "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" start >/dev/null; then
      HOTLINE_CI_POSTGRES_PG_CTL="$bin/pg_ctl"
      export HOTLINE_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
      echo "ci: PostgreSQL pass on Debian's $("$bin/postgres" --version | sed 's/^postgres (PostgreSQL) /PostgreSQL /'), private cluster in $dir: HOTLINE_TEST_POSTGRES_URL=$HOTLINE_TEST_POSTGRES_URL" >&2
      return 0
    fi
    echo "ci: PostgreSQL did not start on port $port (attempt $attempt):" >&2
    tail -n 5 "$dir/server.log" >&2 || true
  done
  return 1
}

hotline_ci_postgres_stop() {
  local dir="${HOTLINE_CI_POSTGRES_DIR:-}"
  [[ -n "$dir" ]] || return 0
  if [[ -n "${HOTLINE_CI_POSTGRES_PG_CTL:-}" ]]; then
    "${HOTLINE_CI_POSTGRES_RUN[@]}" "$HOTLINE_CI_POSTGRES_PG_CTL" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  HOTLINE_CI_POSTGRES_DIR=
}
