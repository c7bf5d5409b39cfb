#!/usr/bin/env bash
# Upgrades an installed Tika in place from this (newer) air-gapped bundle, keeping its data:
# verify its signature and checksums → docker load → back up the database with the running version → copy the new stack files
# (keeping .env, backups and certificates) → point .env at the new images → up: the migrate service applies the
# new migrations, then the app is recreated → wait until healthy.
#
#   ./upgrade.sh --dir /opt/tika [--timeout 300] [--skip-backup] [--allow-downgrade]
#                [--public-key FILE] [--allow-unsigned]
#
# The bundle's signature is checked with the key the installation pinned (DIR/tika-release.pub), or --public-key
# (a new release key; it is pinned in its place once the bundle verifies). Unsigned, or no key: refused unless
# --allow-unsigned; a bad signature: refused. Check a bundle with the installation's own verifier before running
# anything from it: DIR/airgap/verify.sh BUNDLE_DIR.
# An older bundle (a lower release, or fewer migrations than the database has applied) is refused before anything
# is loaded, unless --allow-downgrade.
#
# Rolling back: the backup taken here is named in the output. Restore it with the previous bundle's files
# (scripts/restore.sh) when the upgrade ran a contract migration: an older Tika runs on a schema that only
# expanded, and refuses one outside its compatibility window (docs/migrations.md).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir= timeout=300 skip_backup=0 allow_downgrade=0 public_key= allow_unsigned=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --skip-backup) skip_backup=1 ;;
    --allow-downgrade) allow_downgrade=1 ;;
    --public-key) public_key=$2; shift ;;
    --allow-unsigned) allow_unsigned=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
[ -n "$dir" ] || die "--dir: the directory of the installation to upgrade (where its .env is)"
dir=$(cd "$dir" && pwd)
[ -f "$dir/.env" ] && [ -f "$dir/docker-compose.production.yml" ] || die "$dir has no .env and docker-compose.production.yml: not a Tika installation"

require_tools
[ -n "$public_key" ] || [ ! -f "$dir/tika-release.pub" ] || public_key="$dir/tika-release.pub"
verify_origin "$public_key" "$allow_unsigned"
verify_checksums
from=$(cat "$dir/VERSION" 2>/dev/null || get_env "$dir/.env" TIKA_VERSION)
to=$(cat "$bundle_dir/VERSION")
step "upgrading $dir from ${from:-unknown} to $to"
refuse_downgrade "$dir" "$from" "$to" "$allow_downgrade"
load_images

ensure_backup_passphrase "$dir/.env"
if [ "$skip_backup" = 0 ]; then
  step "backing up with the running version first"
  # with this bundle's backup script: encrypted, 0600 in a 0700 directory (an older script wrote 0644)
  [ "$dir" = "$bundle_dir" ] || cp "$bundle_dir/scripts/backup.sh" "$dir/scripts/backup.sh"
  TIKA_COMPOSE_FILE="$dir/docker-compose.production.yml" TIKA_ENV_FILE="$dir/.env" \
    bash "$dir/scripts/backup.sh" --keep "$(get_env "$dir/.env" BACKUP_KEEP | grep . || echo 14)" \
    || die "the pre-upgrade backup failed; nothing was changed"
  backups=$(get_env "$dir/.env" BACKUP_DIR); backups=${backups:-./backups}
  case "$backups" in /*) ;; *) backups="$dir/${backups#./}" ;; esac
  latest=$(ls -1 "$backups"/tika-*.meta 2>/dev/null | sort | tail -n1)
  step "pre-upgrade backup: $(basename "${latest%.meta}")"
fi

step "updating the stack files"
if [ "$dir" != "$bundle_dir" ]; then copy_stack_files "$dir"; fi
pin_key "$public_key" "$dir"
set_env "$dir/.env" TIKA_PREVIOUS_IMAGE "$(get_env "$dir/.env" TIKA_IMAGE)"
apply_bundle_env "$dir/.env"

ensure_roles "$dir"
step "migrating and restarting"
compose "$dir" up -d --pull never --no-build --remove-orphans
wait_healthy "$dir" "$timeout"
step "Tika $to is running; data kept. Previous image: $(get_env "$dir/.env" TIKA_PREVIOUS_IMAGE)"
