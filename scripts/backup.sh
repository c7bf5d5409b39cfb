#!/usr/bin/env bash
# Backups of a self-hosted Tika's PostgreSQL database: pg_dump custom format, a checksum and a manifest next to
# each dump, retention of the newest N, optional encryption with a passphrase.
#
# On the host (next to docker-compose.production.yml) it runs itself inside the compose `backup` service, so
# pg_dump always matches the server's major version and nothing needs installing:
#   scripts/backup.sh                     one backup now into ./backups (BACKUP_DIR in .env)
#   scripts/backup.sh --keep 7            … and keep only the newest 7
# The scheduled service (`docker compose --profile backup up -d`) runs it with --schedule.
#
# Inside the container (TIKA_BACKUP_CONTAINER=1), or anywhere with pg_dump and PG* variables set:
#   --once (default) | --schedule | --check-recent (healthcheck) | --keep N | --dir DIR
# Environment: PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE (a superuser: the tables FORCE row-level security,
# which binds their owner too), BACKUP_DIR (/backups), BACKUP_KEEP (14), BACKUP_INTERVAL seconds (86400),
# BACKUP_AT (HH:MM UTC, daily; overrides the interval), BACKUP_PASSPHRASE (required: encrypts with gpg when
# present, otherwise openssl; refuses if neither exists rather than writing plaintext), BACKUP_UNENCRYPTED=1 (write
# plaintext dumps when BACKUP_PASSPHRASE is empty — an explicit choice, never the default), BACKUP_OWNER (uid:gid of
# the dumps, default 1001:1001: the app image's user, whose `tika doctor` checks the newest dump through its
# read-only mount).
# Dumps hold password hashes and session tokens: every file is written 0600 in a 0700 directory (umask 077), and
# files an older version left more open are closed down on each run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---- host side: delegate to the compose service -------------------------------------------------------------
if [ "${TIKA_BACKUP_CONTAINER:-}" != 1 ] && [ -z "${PGHOST:-}" ]; then
  compose_file=${TIKA_COMPOSE_FILE:-$here/../docker-compose.production.yml}
  [ -f "$compose_file" ] || { echo "backup: $compose_file not found (set TIKA_COMPOSE_FILE)" >&2; exit 1; }
  tty=(-T); [ -t 0 ] && [ -t 1 ] && tty=()
  exec docker compose -f "$compose_file" ${TIKA_ENV_FILE:+--env-file "$TIKA_ENV_FILE"} --profile backup \
    run --rm "${tty[@]}" backup --once "$@"
fi

# ---- inside the container -------------------------------------------------------------------------------------
mode=once
dir=${BACKUP_DIR:-/backups}
keep=${BACKUP_KEEP:-14}
interval=${BACKUP_INTERVAL:-86400}
while [ $# -gt 0 ]; do
  case "$1" in
    --once) mode=once ;;
    --schedule) mode=schedule ;;
    --check-recent) mode=check ;;
    --keep) keep=${2:?--keep N}; shift ;;
    --dir) dir=${2:?--dir DIR}; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "backup: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
db=${PGDATABASE:-tika}
log() { printf '%s backup: %s\n' "$(date -u +%FT%TZ)" "$*"; }
umask 077

encryption_tool() {
  if [ -z "${BACKUP_PASSPHRASE:-}" ]; then
    if [ "${BACKUP_UNENCRYPTED:-}" = 1 ]; then echo none; else echo nokey; fi
    return
  fi
  if command -v gpg >/dev/null 2>&1; then echo gpg
  elif command -v openssl >/dev/null 2>&1; then echo openssl
  else echo missing; fi
}

encrypt() { # stdin → stdout
  case "$1" in
    gpg) gpg --batch --quiet --yes --homedir "$(mktemp -d)" --pinentry-mode loopback --symmetric --cipher-algo AES256 \
           --compress-algo none --passphrase-fd 3 --output - 3<<<"$BACKUP_PASSPHRASE" ;;
    openssl) openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -pass env:BACKUP_PASSPHRASE ;;
    none) cat ;;
  esac
}

# Every run, success or failure, becomes a row of backup_runs in the database itself: Tika exports the newest as
# backup_last_* metrics (alerts: backup too old, backup failed), and `tika doctor` and the operations page show it.
# Recording is best effort: a database without the table (older than migration 0006) only gets a warning.
record_run() { # ok file bytes sha256 detail
  local out
  out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v started="$run_started" -v ok="$1" -v file="$2" -v bytes="$3" \
          -v sha="$4" -v detail="$5" -v source="${BACKUP_SOURCE:-compose}" 2>&1 >/dev/null <<'SQL'
INSERT INTO backup_runs (started_at, ok, source, file, bytes, sha256, detail)
VALUES (to_timestamp(:'started'), :'ok', :'source', nullif(:'file', ''), nullif(:'bytes', '')::bigint,
        nullif(:'sha', ''), nullif(:'detail', ''));
SQL
  ) || log "could not record this run in backup_runs: ${out:0:300}"
}

run_backup() {
  local started tool ext stamp stem tmp snapshot line
  started=$(date +%s.%N)
  run_started=$started
  tool=$(encryption_tool)
  if [ "$tool" = nokey ]; then
    log "BACKUP_PASSPHRASE is empty: refusing to write an unencrypted dump (it holds password hashes and session tokens). Set BACKUP_PASSPHRASE in .env (keep a copy off this machine), or BACKUP_UNENCRYPTED=1 to write plaintext on purpose"
    failure="BACKUP_PASSPHRASE is empty and BACKUP_UNENCRYPTED is not 1: refused to write an unencrypted dump"
    return 1
  fi
  if [ "$tool" = missing ]; then
    log "BACKUP_PASSPHRASE is set but neither gpg nor openssl is in this image: refusing to write an unencrypted dump"
    failure="BACKUP_PASSPHRASE is set but neither gpg nor openssl is available"
    return 1
  fi
  case "$tool" in gpg) ext=.dump.gpg ;; openssl) ext=.dump.enc ;; *) ext=.dump ;; esac
  [ "$tool" != none ] || log "WARNING: writing an UNENCRYPTED dump (BACKUP_UNENCRYPTED=1): it holds password hashes and session tokens"
  private_dir
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  stem="$dir/tika-$stamp"
  tmp="$stem$ext.partial"

  # One read-only snapshot for the dump and the row counts in the manifest, so verification after a restore
  # compares like with like even while the app keeps writing.
  coproc SNAP { psql -X -q -t -A -F '|' -v ON_ERROR_STOP=1 -d "$db"; }
  exec {to_snap}>&"${SNAP[1]}" {from_snap}<&"${SNAP[0]}"
  printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "SELECT pg_export_snapshot();" >&"$to_snap"
  read -r -t 30 snapshot <&"$from_snap" || { log "could not open a snapshot"; failure="could not open a snapshot"; return 1; }
  cat >&"$to_snap" <<'SQL'
SELECT 'server_version_num=' || current_setting('server_version_num');
SELECT 'server_version=' || current_setting('server_version');
SELECT 'db_size_bytes=' || pg_database_size(current_database());
SELECT 'migrations=' || CASE WHEN to_regclass('drizzle.__drizzle_migrations') IS NULL THEN 0
                             ELSE (SELECT count(*) FROM drizzle.__drizzle_migrations) END;
SELECT format('SELECT %L || count(*) FROM %I.%I', 'rows.' || n.nspname || '.' || c.relname || '=', n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
 ORDER BY 1 \gexec
SELECT '__end__';
SQL
  local facts=()
  while read -r -t 600 line <&"$from_snap"; do
    [ "$line" = __end__ ] && break
    [ -n "$line" ] && facts+=("$line")
  done

  log "dumping database $db (snapshot $snapshot) to $(basename "$stem$ext")"
  # pg_dump -v names each table as it goes: that is the progress shown.
  if ! pg_dump -Fc -Z 6 -v --snapshot="$snapshot" -d "$db" 2> >(
         while IFS= read -r line; do
           case "$line" in
             *"dumping contents of table"*) printf '  %s\n' "${line##*dumping contents of table }" ;;
             *error*|*ERROR*|*FATAL*) printf '  %s\n' "$line" ;;
           esac
         done >&2) | encrypt "$tool" >"$tmp"; then
    rm -f "$tmp"
    printf '%s\n' "ROLLBACK;" "\\q" >&"$to_snap" || true
    log "FAILED"
    failure="pg_dump failed (see the backup service's log)"
    return 1
  fi
  printf '%s\n' "COMMIT;" "\\q" >&"$to_snap"
  exec {to_snap}>&- {from_snap}<&-
  wait "$SNAP_PID" 2>/dev/null || true

  mv "$tmp" "$stem$ext"
  local bytes sha seconds
  bytes=$(stat -c %s "$stem$ext")
  sha=$(sha256sum "$stem$ext" | cut -d' ' -f1)
  seconds=$(echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1 - $2}')
  {
    echo "format=tika-backup-1"
    echo "created=$stamp"
    echo "database=$db"
    echo "file=$(basename "$stem$ext")"
    echo "dump_bytes=$bytes"
    echo "sha256=$sha"
    echo "encryption=$tool"
    echo "pg_dump_version=$(pg_dump --version | sed -E 's/^[^0-9]*([0-9][0-9.]*).*/\1/')"
    echo "seconds=$seconds"
    printf '%s\n' "${facts[@]}"
  } >"$stem.meta.partial"
  mv "$stem.meta.partial" "$stem.meta"
  date -u +%s >"$dir/.last-success"
  own "$stem$ext" "$stem.meta" "$dir/.last-success"
  log "done: $(basename "$stem$ext") $(numfmt --to=iec "$bytes" 2>/dev/null || echo "$bytes bytes") in ${seconds}s (encryption: $tool)"
  record_run true "$(basename "$stem$ext")" "$bytes" "$sha" ""
  prune
}

# The directory 0700 and every dump, manifest and marker in it 0600, owned by BACKUP_OWNER (as root; elsewhere
# the files simply stay the caller's). Run before each dump: a directory or files an older version of this script
# wrote 0755/0644 are closed down too.
private_dir() {
  mkdir -p "$dir"
  chmod 700 "$dir"
  own "$dir"
  local f
  for f in "$dir"/tika-* "$dir/.last-success"; do
    [ -f "$f" ] || continue
    chmod 600 "$f"
    own "$f"
  done
}
own() {
  [ "$(id -u)" = 0 ] || return 0
  chown "${BACKUP_OWNER:-1001:1001}" "$@" || log "could not chown $* to ${BACKUP_OWNER:-1001:1001}"
}

prune() {
  local metas i=0 meta stem
  mapfile -t metas < <(ls -1 "$dir"/tika-*.meta 2>/dev/null | sort -r)
  for meta in "${metas[@]}"; do
    i=$((i + 1))
    [ "$i" -le "$keep" ] && continue
    stem=${meta%.meta}
    rm -f "$stem.meta" "$stem.dump" "$stem.dump.gpg" "$stem.dump.enc"
    log "retention ($keep): removed $(basename "$stem")"
  done
  rm -f "$dir"/tika-*.partial 2>/dev/null || true
}

last_success_age() {
  local last
  last=$(cat "$dir/.last-success" 2>/dev/null || echo 0)
  echo $(( $(date -u +%s) - last ))
}

case "$mode" in
  once) run_started=$(date +%s.%N); failure="backup failed"
    run_backup || { record_run false "" "" "" "$failure"; exit 1; } ;;
  check)
    limit=$(( interval * 2 > interval + 3600 ? interval * 2 : interval + 3600 ))
    age=$(last_success_age)
    [ "$age" -le "$limit" ] || { echo "last successful backup is ${age}s old (limit ${limit}s)"; exit 1; }
    echo "last successful backup ${age}s ago" ;;
  schedule)
    trap 'log "stopping"; exit 0' TERM INT
    log "scheduled: ${BACKUP_AT:+daily at $BACKUP_AT UTC}${BACKUP_AT:-every ${interval}s}, keeping $keep"
    retry=0
    while true; do
      if [ "$retry" = 1 ]; then
        wait_for=300
      elif [ -n "${BACKUP_AT:-}" ]; then
        now=$(date -u +%s)
        next=$(date -u -d "today $BACKUP_AT" +%s)
        [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $BACKUP_AT" +%s)
        wait_for=$((next - now))
      else
        age=$(last_success_age)
        wait_for=$(( age >= interval ? 0 : interval - age ))
      fi
      if [ "$wait_for" -gt 0 ]; then sleep "$wait_for" & wait $!; fi
      run_started=$(date +%s.%N); failure="backup failed"
      if run_backup; then retry=0; else
        retry=1; record_run false "" "" "" "$failure"; log "backup failed; next attempt in 5 minutes"
      fi
    done ;;
esac
