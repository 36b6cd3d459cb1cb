#!/usr/bin/env bash
# Sourced by .ci/run: a throw-away PostgreSQL server for the custom-shop SQL tests.
# Installs Debian's `postgresql` when it is missing (as root), starts a cluster in a
# temporary folder on a free loopback port (as the postgres user when run as root) and
# exports JJDESK_TEST_POSTGRES. Anything that fails leaves the variable unset: the
# PostgreSQL tests then skip and say why; the same tests run against SQLite anyway.
_jj_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; fi
}
_jj_pg_start() {
  local bin dir port run=()
  bin=$(_jj_pg_bin)
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 || return 0
    bin=$(_jj_pg_bin)
  fi
  [ -n "$bin" ] || return 0
  dir=$(mktemp -d /tmp/jjdesk-pg.XXXXXX)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system postgres >/dev/null 2>&1 || return 0
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U jjdesk -A trust >/dev/null 2>&1 || return 0
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null 2>&1 || return 0
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U jjdesk jjdesk_test >/dev/null 2>&1 || return 0
  export JJDESK_TEST_POSTGRES="postgresql+psycopg://jjdesk@127.0.0.1:$port/jjdesk_test"
  # shellcheck disable=SC2064  # the values are meant to be fixed now
  trap "${run[*]} '$bin/pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
}
_jj_pg_start
