#!/usr/bin/env bash
# Installs Tika from this air-gapped bundle: verify its signature and checksums → docker load → write .env (generated secrets)
# → docker compose up (never pulls, never builds) → wait until healthy → print the URL.
#
#   ./install.sh [--dir DIR] [--domain tika.internal] [--tls auto|internal|files] [--https-port 443]
#                [--http-port 80] [--bind 0.0.0.0] [--project tika] [--timeout 300]
#                --public-key tika-release.pub [--allow-unsigned]
#
# --public-key: the release's Ed25519 public key, obtained over a channel you trust (not from this bundle). The
# bundle's SHA256SUMS must carry a valid signature by it (SHA256SUMS.sig), or nothing is loaded; the key is then
# pinned in DIR/tika-release.pub for upgrade.sh. --allow-unsigned installs a bundle without a signature or without
# a key to check it with (a bad signature is refused regardless).
#
# DIR (default: this directory) receives the stack files, .env and ./backups. An existing DIR/.env is kept;
# only its image names are pointed at this bundle. There is no default password: create the first account in
# the browser, or with the command printed at the end.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir=$bundle_dir domain= tls= https_port= http_port= bind= project= timeout=300 public_key= allow_unsigned=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift ;;
    --domain) domain=$2; shift ;;
    --tls) tls=$2; shift ;;
    --https-port) https_port=$2; shift ;;
    --http-port) http_port=$2; shift ;;
    --bind) bind=$2; shift ;;
    --project) project=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --public-key) public_key=$2; shift ;;
    --allow-unsigned) allow_unsigned=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done

require_tools
verify_origin "$public_key" "$allow_unsigned"
verify_checksums
load_images
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# Dumps hold password hashes and session tokens: their directory is private from the start (scripts/backup.sh
# keeps it 0700 and each file 0600).
(umask 077 && mkdir -p "$dir/backups")
[ "$dir" = "$bundle_dir" ] || { step "copying the stack to $dir"; copy_stack_files "$dir"; }
pin_key "$public_key" "$dir"

env_file="$dir/.env"
if [ ! -f "$env_file" ]; then
  step "writing $env_file with generated secrets"
  (umask 077 && cp "$bundle_dir/.env.selfhost.example" "$env_file")
  for key in $SECRET_KEYS; do
    set_env "$env_file" "$key" "$(random_secret)"
  done
else
  step "keeping the existing $env_file"
fi
chmod 600 "$env_file"
apply_bundle_env "$env_file"
ensure_backup_passphrase "$env_file"
[ -n "$domain" ] && set_env "$env_file" DOMAIN "$domain"
[ -n "$tls" ] && set_env "$env_file" TLS_MODE "$tls"
[ -n "$https_port" ] && set_env "$env_file" HTTPS_PORT "$https_port"
[ -n "$http_port" ] && set_env "$env_file" HTTP_PORT "$http_port"
[ -n "$bind" ] && set_env "$env_file" TIKA_BIND_ADDRESS "$bind"
[ -n "$project" ] && set_env "$env_file" COMPOSE_PROJECT_NAME "$project"
port=$(get_env "$env_file" HTTPS_PORT); host=$(get_env "$env_file" DOMAIN)
url="https://${host:-localhost}$([ "${port:-443}" = 443 ] || echo ":$port")"
set_env "$env_file" APP_URL "$url"
check_secrets "$env_file"

step "starting the stack"
compose "$dir" up -d --pull never --no-build --remove-orphans
wait_healthy "$dir" "$timeout"
cat <<DONE

Tika $(cat "$bundle_dir/VERSION") is running: $url
Create the first account in the browser (it becomes the owner of its workspace), or:
  docker compose --project-directory $dir -f $dir/docker-compose.production.yml run --rm --no-deps app \\
    node scripts/create-owner.mjs --email you@example.com
Backups: scripts/backup.sh (now) · docker compose --profile backup up -d (scheduled) · docs/self-host.md
  They are encrypted with BACKUP_PASSPHRASE from $env_file: keep a copy of it off this machine.
DONE
