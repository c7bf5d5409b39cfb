#!/usr/bin/env bash
# The machine packages a .ci/run shard needs, installed on a stock GitHub runner (Ubuntu 24.04) before .ci/run
# starts — the team's Debian machines have them already, and then this does nothing.
#   scripts/ci/runner-packages.sh SHARD[,SHARD…]
#   PostgreSQL 15 (pg, web, ops, monitoring, stress, jobs, report): from the PostgreSQL project's apt repository (PGDG), because the
#     tests and production use 15 (/usr/lib/postgresql/15/bin) and Ubuntu 24.04 ships 16
#   redis-server (ops, monitoring, stress, report), caddy (ops), prometheus + prometheus-alertmanager (monitoring):
#     from the distribution
# Uses sudo when not root. Prints what it installed.
set -euo pipefail
shards=",${1:?usage: runner-packages.sh SHARD[,SHARD…]},"
has() { local s; for s in "$@"; do [[ "$shards" == *",$s,"* ]] && return 0; done; return 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
packages=()
if has pg web ops monitoring stress jobs report && [ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  if ! apt-cache policy postgresql-15 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    # postgresql-common ships the script that adds the PGDG repository and its signing key.
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-common >/dev/null
    as_root /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y >/dev/null
  fi
  packages+=(postgresql-15)
fi
has ops monitoring stress report && ! command -v redis-server >/dev/null && packages+=(redis-server)
has ops && ! command -v caddy >/dev/null && packages+=(caddy)
has monitoring && ! command -v promtool >/dev/null && packages+=(prometheus)
has monitoring && ! command -v prometheus-alertmanager >/dev/null && packages+=(prometheus-alertmanager)
if [ "${#packages[@]}" -eq 0 ]; then
  echo "nothing to install for $1"
  exit 0
fi
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed: ${packages[*]}"
# The packages just installed start services of their own; the suites start their own servers on free ports.
for package in "${packages[@]}"; do
  case "$package" in postgresql-15) service=postgresql ;; *) service=$package ;; esac
  as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
  # Debian's prometheus also pulls in and starts node-exporter.
  [ "$package" = prometheus ] && as_root systemctl disable --now prometheus-node-exporter >/dev/null 2>&1 || true
done
