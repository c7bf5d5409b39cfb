#!/usr/bin/env bash
# Throwaway PostgreSQL 15 server for tests and benchmarks, on 127.0.0.1, in a directory we own.
#   scripts/ci/postgres.sh start DIR PORT   → creates an ICU en-US cluster (catches collation bugs), database tika
#                                              and Tika's roles from deploy/postgres/initdb/tika-roles.psql:
#                                              tika_owner (password owner-pw), tika_runtime (runtime-pw),
#                                              tika_auth_login (auth-pw: the auth library's login role)
#   scripts/ci/postgres.sh stop DIR
# Postgres refuses to run as root, so the data directory belongs to the postgres user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data dir}; port=${3:-55432}
bin=/usr/lib/postgresql/15/bin
roles_sql="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/postgres/initdb/tika-roles.psql"
if [ ! -x "$bin/pg_ctl" ]; then
  echo "postgres: installing postgresql-15 from apt" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null)
fi
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb -D '$dir/data' -U postgres --auth=trust --locale-provider=icu --icu-locale=en-US --locale=C.UTF-8 -E UTF8 >'$dir/initdb.log'"
    as_pg "$bin/pg_ctl -D '$dir/data' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" -l '$dir/server.log' -w start >/dev/null" || {
      # The log says why (port taken, shared memory, permissions): a CI failure must be diagnosable from its output.
      echo "postgres: pg_ctl could not start the server on 127.0.0.1:$port; the end of $dir/server.log:" >&2
      tail -n 40 "$dir/server.log" >&2 || true
      exit 1
    }
    psql="psql -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1 -q"
    # The roles as production has them (their one definition; the owner has no CREATEROLE), passwords for tests.
    $psql -d postgres -c "create database tika"
    $psql -d tika -v db=tika -v owner_pw=owner-pw -v runtime_pw=runtime-pw -v auth_pw=auth-pw -f "$roles_sql"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl -D '$dir/data' -m fast -w stop >/dev/null" || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
