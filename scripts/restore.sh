#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a self-hosted Tika's PostgreSQL.
#
#   docker compose -f docker-compose.production.yml stop app caddy     # nothing may write meanwhile
#   scripts/restore.sh latest            # or a file name in ./backups: tika-20260101T020000Z.dump
#   docker compose -f docker-compose.production.yml up -d               # migrate (no-op or upgrade), then the app
#
# Order of work: pre-flight checks → restore into a side database → verify it → swap it in → drop the old one.
# The current database stays untouched until the restored copy has been verified.
# Pre-flight: the dump's checksum against its manifest; server major version ≥ the dump's, pg_restore able to
# read it; free space on the database volume ≥ 1.2 × the database size recorded at backup time (no manifest:
# 5 × the dump size) plus room to decrypt; nobody connected to the database (the app) unless --force, which
# disconnects them. Verification: migration count and every table's row count equal the manifest's.
#
# Options: --force (disconnect sessions), --yes (no confirmation prompt; required when not on a terminal),
#          --keep-old (keep the replaced database as tika_replaced_<time>), --check (pre-flight only),
#          --allow-unencrypted (restore a plaintext dump: refused otherwise, since backups are encrypted by default
#          and a plaintext file in the backup directory may have been put there by someone else).
# Runs itself in the compose `backup` service when called on the host, like scripts/backup.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${TIKA_BACKUP_CONTAINER:-}" != 1 ] && [ -z "${PGHOST:-}" ]; then
  compose_file=${TIKA_COMPOSE_FILE:-$here/../docker-compose.production.yml}
  [ -f "$compose_file" ] || { echo "restore: $compose_file not found (set TIKA_COMPOSE_FILE)" >&2; exit 1; }
  args=()
  for arg in "$@"; do
    case "$arg" in -*) args+=("$arg") ;; *) args+=("$(basename "$arg")") ;; esac  # files live in BACKUP_DIR
  done
  tty=(-T); [ -t 0 ] && [ -t 1 ] && tty=()
  exec docker compose -f "$compose_file" ${TIKA_ENV_FILE:+--env-file "$TIKA_ENV_FILE"} --profile backup \
    run --rm "${tty[@]}" --entrypoint bash backup /opt/tika/restore.sh "${args[@]}"
fi

force=0 yes=0 keep_old=0 check_only=0 allow_unencrypted=0 file=
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --yes|-y) yes=1 ;;
    --keep-old) keep_old=1 ;;
    --check) check_only=1 ;;
    --allow-unencrypted) allow_unencrypted=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "restore: unknown option $1" >&2; exit 2 ;;
    *) file=$1 ;;
  esac
  shift
done
dir=${BACKUP_DIR:-/backups}
db=${PGDATABASE:-tika}
data_dir=${PGDATA_MOUNT:-/var/lib/postgresql/data}
started=$(date +%s.%N)
log() { printf 'restore: %s\n' "$*"; }
die() { printf 'restore: REFUSED: %s\n' "$*" >&2; exit 1; }
psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -t -A -v ON_ERROR_STOP=1 -d postgres "$@"; }
elapsed() { echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1 - $2}'; }
# The roles' one definition: mounted beside this script in the backup container, in deploy/ in a checkout or bundle.
roles_sql=
for candidate in "$here/tika-roles.psql" "$here/../deploy/postgres/initdb/tika-roles.psql"; do
  [ -f "$candidate" ] && { roles_sql=$candidate; break; }
done
[ -n "$roles_sql" ] || die "tika-roles.psql is neither beside $0 nor in $here/../deploy/postgres/initdb"

# ---- which dump ------------------------------------------------------------------------------------------------
[ -n "$file" ] || die "name a dump: scripts/restore.sh latest | tika-<time>.dump"
if [ "$file" = latest ]; then
  meta=$(ls -1 "$dir"/tika-*.meta 2>/dev/null | sort | tail -n 1 || true)
  [ -n "$meta" ] || die "no backups with a manifest in $dir"
  file=$(grep '^file=' "$meta" | cut -d= -f2-)
fi
dump="$dir/$(basename "$file")"
[ -f "$dump" ] || die "$dump does not exist"
stem=${dump%.gpg}; stem=${stem%.enc}; stem=${stem%.dump}
meta="$stem.meta"
fact() { [ -f "$meta" ] && grep -m1 "^$1=" "$meta" | cut -d= -f2- || true; }
log "dump: $(basename "$dump") ($(stat -c %s "$dump") bytes), manifest: $([ -f "$meta" ] && basename "$meta" || echo none)"

# ---- pre-flight ------------------------------------------------------------------------------------------------
if [ -f "$meta" ]; then
  sha=$(sha256sum "$dump" | cut -d' ' -f1)
  [ "$sha" = "$(fact sha256)" ] || die "checksum mismatch: the dump is not the file the manifest describes (corrupt or replaced)"
  log "ok  checksum matches the manifest"
else
  log "warn no manifest: no checksum, and verification limited to the schema version"
fi

encryption=$(fact encryption)
case "$dump" in *.gpg) encryption=gpg ;; *.enc) encryption=openssl ;; *) encryption=${encryption:-none} ;; esac
if [ "$encryption" = none ] || [ "$(head -c 5 "$dump" | tr -d '\0')" = PGDMP ]; then
  [ "$allow_unencrypted" = 1 ] || die "$(basename "$dump") is not encrypted. Backups are encrypted by default (BACKUP_PASSPHRASE); restore a plaintext dump only if you know where it came from: pass --allow-unencrypted"
  log "warn restoring an UNENCRYPTED dump (--allow-unencrypted)"
  encryption=none
fi
if [ "$encryption" != none ]; then
  [ -n "${BACKUP_PASSPHRASE:-}" ] || die "the dump is encrypted ($encryption): set BACKUP_PASSPHRASE"
  command -v "$encryption" >/dev/null || die "the dump is encrypted with $encryption, which this image lacks"
fi

server_num=$(psql_admin -c 'show server_version_num')
server_major=$((server_num / 10000))
dump_num=$(fact server_version_num)
if [ -z "$dump_num" ] && [ "$encryption" = none ]; then
  dump_ver=$(pg_restore -l "$dump" | sed -n 's/^; *Dumped from database version: *\([0-9]*\).*/\1/p')
  dump_num=$(( ${dump_ver:-0} * 10000 ))
fi
dump_major=$(( ${dump_num:-0} / 10000 ))
restore_major=$(pg_restore --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
dumped_by_major=$(fact pg_dump_version | cut -d. -f1)
[ "$dump_major" -gt 0 ] || die "cannot tell which PostgreSQL version made this dump"
[ "$server_major" -ge "$dump_major" ] || die "the server is PostgreSQL $server_major, older than the dump's $dump_major: restore into $dump_major or newer"
[ -z "$dumped_by_major" ] || [ "$restore_major" -ge "$dumped_by_major" ] \
  || die "pg_restore $restore_major cannot read an archive written by pg_dump $dumped_by_major"
log "ok  PostgreSQL: dump from $dump_major, server $server_major, pg_restore $restore_major"

dump_bytes=$(stat -c %s "$dump")
db_bytes=$(fact db_size_bytes)
need=$(( ${db_bytes:-$((dump_bytes * 5))} * 12 / 10 ))
if mountpoint -q "$data_dir" 2>/dev/null || [ -d "$data_dir/base" ]; then
  free=$(df -PB1 "$data_dir" | awk 'NR==2 {print $4}')
  [ "$free" -ge "$need" ] || die "not enough space on the database volume: $free bytes free, $need needed"
  log "ok  space: $(numfmt --to=iec "$free") free on the database volume, $(numfmt --to=iec "$need") needed"
else
  log "warn $data_dir is not mounted here: cannot check the database volume's free space"
fi
if [ "$encryption" != none ]; then
  free_tmp=$(df -PB1 "$dir" | awk 'NR==2 {print $4}')
  [ "$free_tmp" -ge "$((dump_bytes * 2))" ] || die "not enough space in $dir to decrypt the dump"
fi

sessions=$(psql_admin -v db="$db" <<'SQL'
SELECT count(*) || '|' || coalesce(string_agg(DISTINCT usename || '@' || coalesce(host(client_addr), 'local') || ' (' || coalesce(nullif(application_name, ''), '?') || ')', ', '), '')
  FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
SQL
)
if [ "${sessions%%|*}" != 0 ]; then
  if [ "$force" = 1 ]; then
    log "warn ${sessions%%|*} session(s) connected (${sessions#*|}): --force, they will be disconnected"
  else
    die "database $db is in use by ${sessions%%|*} session(s): ${sessions#*|}. Stop the app first (docker compose -f docker-compose.production.yml stop app caddy), or pass --force"
  fi
else
  log "ok  nobody is connected to $db"
fi
[ "$check_only" = 1 ] && { log "pre-flight passed (--check: nothing restored)"; exit 0; }

if [ "$yes" != 1 ]; then
  [ -t 0 ] || die "not on a terminal: pass --yes to confirm replacing database $db"
  read -r -p "Replace database $db with $(basename "$dump")? Type the database name to confirm: " answer
  [ "$answer" = "$db" ] || die "not confirmed"
fi

# ---- restore into a side database ------------------------------------------------------------------------------
side="${db}_restoring"
work=
cleanup() {
  [ -n "$work" ] && rm -rf "$work"
  true
}
trap cleanup EXIT
source_file=$dump
if [ "$encryption" != none ]; then
  work=$(mktemp -d "$dir/.restore.XXXXXX")
  source_file="$work/plain.dump"
  log "decrypting ($encryption)"
  case "$encryption" in
    gpg) gpg --batch --quiet --homedir "$work" --pinentry-mode loopback --passphrase-fd 3 --decrypt "$dump" 3<<<"$BACKUP_PASSPHRASE" >"$source_file" ;;
    openssl) openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass env:BACKUP_PASSPHRASE -in "$dump" -out "$source_file" ;;
  esac || die "could not decrypt: wrong BACKUP_PASSPHRASE?"
fi

# Roles are cluster-wide and not in the dump; a fresh volume has them from the init script, this makes sure.
psql_admin -v owner_pw="${TIKA_DB_OWNER_PASSWORD:-}" -v runtime_pw="${TIKA_DB_RUNTIME_PASSWORD:-}" \
  -v auth_pw="${TIKA_DB_AUTH_PASSWORD:-}" -f "$roles_sql"

psql_admin -v side="$side" <<'SQL'
DROP DATABASE IF EXISTS :"side" WITH (FORCE);
CREATE DATABASE :"side" OWNER tika_owner TEMPLATE template0 ENCODING 'UTF8';
REVOKE ALL ON DATABASE :"side" FROM PUBLIC;
SQL
log "restoring into $side"
restore_started=$(date +%s.%N)
if ! pg_restore -d "$side" --exit-on-error -j "${RESTORE_JOBS:-2}" -v "$source_file" 2> >(
       while IFS= read -r line; do
         case "$line" in
           *"processing data for table"*) printf '  %s\n' "${line##*processing data for table }" ;;
           *error*|*ERROR*|*FATAL*) printf '  %s\n' "$line" ;;
         esac
       done >&2); then
  psql_admin -v side="$side" <<<'DROP DATABASE IF EXISTS :"side"' >/dev/null || true
  die "pg_restore failed; $db was not touched"
fi
restore_seconds=$(echo "$(date +%s.%N) $restore_started" | awk '{printf "%.1f", $1 - $2}')
log "pg_restore took ${restore_seconds}s"

# ---- verify ---------------------------------------------------------------------------------------------------
mismatches=0
expected_migrations=$(fact migrations)
actual_migrations=$(psql -X -q -t -A -d "$side" -c "select case when to_regclass('drizzle.__drizzle_migrations') is null then 0 else (select count(*) from drizzle.__drizzle_migrations) end")
if [ -n "$expected_migrations" ] && [ "$expected_migrations" != "$actual_migrations" ]; then
  log "MISMATCH migrations: manifest $expected_migrations, restored $actual_migrations"; mismatches=$((mismatches + 1))
fi
[ "$actual_migrations" -gt 0 ] || { log "MISMATCH: the restored database has no Tika schema"; mismatches=$((mismatches + 1)); }
checked=0
if [ -f "$meta" ]; then
  while IFS='=' read -r key expected; do
    table=${key#rows.}
    actual=$(psql -X -q -t -A -d "$side" -c "select count(*) from $(printf '%s' "$table" | awk -F. '{printf "\"%s\".\"%s\"", $1, $2}')")
    checked=$((checked + 1))
    if [ "$actual" != "$expected" ]; then log "MISMATCH $table: manifest $expected rows, restored $actual"; mismatches=$((mismatches + 1)); fi
  done < <(grep '^rows\.' "$meta")
fi
if [ "$mismatches" -gt 0 ]; then
  psql_admin -v side="$side" <<<'DROP DATABASE IF EXISTS :"side"' >/dev/null || true
  die "verification failed ($mismatches mismatches); $db was not touched"
fi
log "ok  verified: $actual_migrations migrations, $checked tables with the manifest's row counts"

# ---- swap -------------------------------------------------------------------------------------------------------
old="${db}_replaced_$(date -u +%Y%m%d%H%M%S)"
psql_admin -v db="$db" -v side="$side" -v old="$old" <<'SQL'
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
SELECT format('ALTER DATABASE %I RENAME TO %I', :'db', :'old') WHERE EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"side" RENAME TO :"db";
GRANT CONNECT ON DATABASE :"db" TO tika_runtime, tika_auth_login;
SQL
if [ "$keep_old" = 1 ]; then
  log "kept the replaced database as $old (drop it with: DROP DATABASE $old)"
else
  psql_admin -v old="$old" <<<'DROP DATABASE IF EXISTS :"old" WITH (FORCE)' >/dev/null
fi
log "done: $db restored from $(basename "$dump") in $(elapsed)s (pg_restore ${restore_seconds}s). Start the app: docker compose -f docker-compose.production.yml up -d"
