#!/usr/bin/env bash
# Shared by install.sh and upgrade.sh of the air-gapped bundle. Sourced, never run.
bundle_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
started=$SECONDS
step() { printf '[tika %3ss] %s\n' "$((SECONDS - started))" "$*"; }
die() { printf 'tika: %s\n' "$*" >&2; exit 1; }

require_tools() {
  command -v docker >/dev/null || die "docker is required (Docker Engine 20.10 or newer)"
  docker compose version >/dev/null 2>&1 || die "the docker compose v2 plugin is required"
  docker info >/dev/null 2>&1 || die "cannot talk to the Docker daemon (are you root or in the docker group?)"
}

verify_checksums() {
  step "verifying checksums"
  (cd "$bundle_dir" && sha256sum --quiet --strict -c SHA256SUMS) || die "checksum verification FAILED: the bundle is damaged or was altered; get it again"
  # A file SHA256SUMS does not name would escape the signature (deploy/ is copied whole, and the database's init
  # directory runs what it finds). Allowed besides: what an install into the bundle's own directory adds.
  local extra
  extra=$(cd "$bundle_dir" && comm -13 <(sed 's/^[0-9a-f]\{64\} [ *]//' SHA256SUMS | sort) \
            <(find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.sig ! -path ./.env ! -path './backups/*' \
                ! -path ./tika-release.pub ! -path './deploy/caddy/certs/*.pem' | sed 's|^\./||' | sort) | head -5)
  [ -z "$extra" ] || die "the bundle has files SHA256SUMS does not name ($(echo $extra)): it was altered; get it again"
}

# ---- origin: an Ed25519 signature over SHA256SUMS (which names every file with its hash) --------------------------
# The release signs SHA256SUMS with its offline key (bundle.sh, TIKA_SIGNING_KEY); the operator pins the release's
# public key: install.sh --public-key FILE keeps it as DIR/tika-release.pub, which upgrade.sh then uses.
key_fingerprint() { openssl pkey -pubin -in "$1" -outform DER 2>/dev/null | sha256sum | cut -c1-32; }
verify_origin() { # PUBLIC_KEY_FILE ALLOW_UNSIGNED: before anything is loaded
  local key=$1 allow=$2 why=
  if [ ! -f "$bundle_dir/SHA256SUMS.sig" ]; then
    why="the bundle is not signed (no SHA256SUMS.sig)"
  elif [ -z "$key" ]; then
    why="no public key to check its signature with: pass --public-key FILE (the release's public key, obtained over a channel you trust)"
  elif [ ! -f "$key" ]; then
    die "public key $key not found"
  elif ! command -v openssl >/dev/null; then
    why="openssl is not installed here, so the signature cannot be checked"
  else
    step "verifying the signature (Ed25519, key sha256:$(key_fingerprint "$key"))"
    openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in "$bundle_dir/SHA256SUMS" \
        -sigfile "$bundle_dir/SHA256SUMS.sig" >/dev/null 2>&1 \
      || die "signature verification FAILED: this bundle was not signed with the key $key (sha256:$(key_fingerprint "$key")), or was altered after signing. Nothing was loaded; get the bundle again from the release"
    return 0
  fi
  [ "$allow" = 1 ] || die "refusing a bundle whose origin is not verified: $why. Nothing was loaded. To install it anyway, run again with --allow-unsigned"
  step "WARNING: going on with a bundle whose origin is NOT verified, as told (--allow-unsigned): $why"
}
pin_key() { # KEY DIR: the installation keeps the key its bundle was verified with, for upgrade.sh and verify.sh
  [ -n "$1" ] && [ -f "$1" ] || return 0
  [ "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" = "$2/tika-release.pub" ] || cp "$1" "$2/tika-release.pub"
  step "pinned the release key in $2/tika-release.pub (sha256:$(key_fingerprint "$1"))"
}

load_images() {
  step "loading images (docker load; nothing is pulled)"
  docker load -i "$bundle_dir/images.tar" | sed 's/^/  /'
  local name
  while read -r name _; do
    docker image inspect "$name" >/dev/null 2>&1 || die "image $name is not in images.tar"
  done <"$bundle_dir/IMAGES"
}

random_secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# set_env FILE KEY VALUE: replace or append KEY=VALUE.
set_env() {
  local file=$1 key=$2 value=$3
  if grep -q "^$key=" "$file"; then
    local tmp; tmp=$(mktemp)
    awk -v k="$key" -v v="$value" 'BEGIN{FS=OFS="="} $1==k {print k "=" v; next} {print}' "$file" >"$tmp" && cat "$tmp" >"$file" && rm -f "$tmp"
  else
    printf '%s=%s\n' "$key" "$value" >>"$file"
  fi
}
get_env() { grep -m1 "^$2=" "$1" 2>/dev/null | cut -d= -f2- || true; }

SECRET_KEYS="POSTGRES_PASSWORD TIKA_DB_OWNER_PASSWORD TIKA_DB_RUNTIME_PASSWORD TIKA_DB_AUTH_PASSWORD BETTER_AUTH_SECRET"
# Values that are someone's example, not a secret (the same list as deploy/postgres/initdb/10-tika-roles.sh and
# scripts/migrate.mjs): matched case-insensitively.
is_placeholder() { case "${1,,}" in change-me|changeme|change_me|password|secret|postgres|tika) return 0 ;; *) return 1 ;; esac; }
check_secrets() { # FILE: every secret set, none a known placeholder
  local key value
  for key in $SECRET_KEYS; do
    value=$(get_env "$1" "$key")
    [ -n "$value" ] || die "$1: $key is empty: generate it (docs/self-host.md, \"Secrets\"), then run this again"
    ! is_placeholder "$value" || die "$1: $key is the placeholder \"$value\": generate a secret (docs/self-host.md, \"Secrets\"), then run this again"
  done
}

# Backups are encrypted by default (scripts/backup.sh refuses plaintext): a new install, and an upgraded one that
# predates this, gets a generated BACKUP_PASSPHRASE unless the operator chose BACKUP_UNENCRYPTED=1.
ensure_backup_passphrase() { # FILE
  [ -z "$(get_env "$1" BACKUP_PASSPHRASE)" ] || return 0
  if [ "$(get_env "$1" BACKUP_UNENCRYPTED)" = 1 ]; then
    step "WARNING: BACKUP_UNENCRYPTED=1 in $1: backups are written in plaintext"
    return 0
  fi
  set_env "$1" BACKUP_PASSPHRASE "$(random_secret)"
  step "generated BACKUP_PASSPHRASE in $1 (backups are encrypted with it): keep a copy OFF this machine — without it no backup can be restored"
}

apply_bundle_env() { # FILE: point .env at the images inside this bundle, never pull
  local key value
  while IFS='=' read -r key value; do
    case "$key" in ''|'#'*) continue ;; esac
    set_env "$1" "$key" "$value"
  done <"$bundle_dir/bundle.env"
}

compose() { # DIR args…
  local dir=$1; shift
  docker compose --project-directory "$dir" -f "$dir/docker-compose.production.yml" --env-file "$dir/.env" "$@"
}

wait_healthy() { # DIR TIMEOUT
  local dir=$1 timeout=${2:-300} deadline id status
  deadline=$((SECONDS + timeout))
  step "waiting for the app and Caddy to be healthy (up to ${timeout}s)"
  while [ "$SECONDS" -lt "$deadline" ]; do
    id=$(compose "$dir" ps -q app 2>/dev/null || true)
    status=$([ -n "$id" ] && docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo starting)
    if [ "$status" = healthy ]; then
      # Caddy has a healthcheck of its own (its loopback health site answers once the configuration loaded).
      id=$(compose "$dir" ps -q caddy 2>/dev/null || true)
      [ -n "$id" ] && [ "$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")" = healthy ] && { step "healthy"; return 0; }
    fi
    if [ -n "$(compose "$dir" ps -a --status exited -q migrate 2>/dev/null)" ] \
       && [ "$(docker inspect --format '{{.State.ExitCode}}' "$(compose "$dir" ps -a -q migrate)")" != 0 ]; then
      compose "$dir" logs --no-color --tail 30 migrate >&2 || true
      die "the migration failed (logs above)"
    fi
    sleep 2
  done
  compose "$dir" ps -a >&2 || true
  compose "$dir" logs --no-color --tail 40 migrate app caddy >&2 || true
  die "not healthy after ${timeout}s (logs above)"
}

ensure_roles() { # DIR: database roles a newer version adds (the init script runs only on a new volume); idempotent
  local dir=$1
  [ -n "$(get_env "$dir/.env" TIKA_DB_AUTH_PASSWORD)" ] || set_env "$dir/.env" TIKA_DB_AUTH_PASSWORD "$(random_secret)"
  step "making sure the database roles exist (tika_auth_login: the auth library's own login)"
  compose "$dir" up -d --pull never --no-build --wait postgres >/dev/null
  compose "$dir" exec -T postgres bash /docker-entrypoint-initdb.d/10-tika-roles.sh | sed 's/^/  /'
}

# ---- downgrade check (upgrade.sh) -------------------------------------------------------------------------------
# Migrations applied to an installation's running database; empty when it is not running or cannot be asked.
applied_migrations() { # DIR
  local dir=$1
  [ -n "$(compose "$dir" ps -q postgres 2>/dev/null)" ] || return 0
  compose "$dir" exec -T postgres psql -X -q -t -A --username postgres --dbname tika -c \
    "select case when to_regclass('drizzle.__drizzle_migrations') is null then 0 else (select count(*) from drizzle.__drizzle_migrations) end" \
    2>/dev/null </dev/null | tr -d '[:space:]' || true
}

# A release number without a build suffix (0.3.0-gabc123 → 0.3.0); release_older A B: A is a lower release than B.
release_of() { printf '%s' "${1%%-*}"; }
release_older() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

# refuse_downgrade DIR FROM TO ALLOW: an older bundle over a newer installation is refused before anything changes.
# Older means a lower release number, or fewer migrations than the installation's database has applied (builds of
# one release, 0.1.0-g<commit>, do not order by name; their schemas do). With ALLOW=1 it goes on, saying so.
refuse_downgrade() {
  local dir=$1 from=$2 to=$3 allow=$4 ours theirs source reasons=()
  ours=$(cat "$bundle_dir/MIGRATIONS" 2>/dev/null || true)
  theirs=$(applied_migrations "$dir")
  source="applied to its database"
  if [ -z "$theirs" ]; then theirs=$(cat "$dir/MIGRATIONS" 2>/dev/null || true); source="recorded in $dir/MIGRATIONS"; fi
  if [ -n "$from" ] && release_older "$(release_of "$to")" "$(release_of "$from")"; then
    reasons+=("release $(release_of "$to") is older than the installed $(release_of "$from")")
  fi
  if [[ "$ours" =~ ^[0-9]+$ && "$theirs" =~ ^[0-9]+$ ]] && [ "$ours" -lt "$theirs" ]; then
    reasons+=("this bundle has $ours migrations, the installation $theirs ($source)")
  fi
  if [[ ! "$theirs" =~ ^[0-9]+$ ]]; then
    step "cannot tell the installation's schema (database not running, no MIGRATIONS file): comparing versions only"
  fi
  [ ${#reasons[@]} -gt 0 ] || return 0
  local why; why=$(printf '%s; ' "${reasons[@]}"); why=${why%; }
  if [ "$allow" = 1 ]; then
    step "DOWNGRADING as told (--allow-downgrade): $why. An older Tika refuses to start on a newer schema: restore a backup taken with that version (scripts/restore.sh)"
    return 0
  fi
  die "refusing to install $to over ${from:-this installation}: this bundle is older ($why). Nothing was changed. To go back to an older version, restore a backup taken with it (docs/self-host.md, \"Upgrades\"); to install it anyway, run again with --allow-downgrade"
}

copy_stack_files() { # DEST: the bundle's stack definition into an install directory (never .env or backups)
  local dest=$1
  mkdir -p "$dest/scripts" "$dest/docs"
  cp "$bundle_dir/docker-compose.production.yml" "$bundle_dir/Caddyfile" "$bundle_dir/.env.selfhost.example" \
     "$bundle_dir/VERSION" "$bundle_dir/IMAGES" "$dest/"
  # How many migrations this version ships: upgrade.sh's downgrade check reads it when the database is down.
  [ ! -f "$bundle_dir/MIGRATIONS" ] || cp "$bundle_dir/MIGRATIONS" "$dest/"
  # deploy/: keep the site's own certificates (deploy/caddy/certs/*.pem)
  (cd "$bundle_dir" && find deploy -type f ! -name '*.pem' -print0 | while IFS= read -r -d '' f; do
     mkdir -p "$dest/$(dirname "$f")"; cp "$f" "$dest/$f"; done)
  cp "$bundle_dir/scripts/backup.sh" "$bundle_dir/scripts/restore.sh" "$dest/scripts/"
  # The installation's own verifier: the next bundle is checked with code and a key from here, not from itself.
  mkdir -p "$dest/airgap"
  cp "$bundle_dir/verify.sh" "$bundle_dir/lib.sh" "$dest/airgap/" 2>/dev/null || true
  cp "$bundle_dir/docs/"* "$dest/docs/" 2>/dev/null || true
}
