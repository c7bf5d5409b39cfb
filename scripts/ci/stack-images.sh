#!/usr/bin/env bash
# The base images an operator on the internet gets: the Dockerfile's NODE_IMAGE default and the compose file's
# POSTGRES_IMAGE and CADDY_IMAGE defaults, as shell assignments (one source of truth for CI and the release).
#   eval "$(bash scripts/ci/stack-images.sh)"
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
default() { sed -n "s/.*image: \${$1:-\([^}]*\)}.*/\1/p" "$root/docker-compose.production.yml" | head -n 1; }
node_image=$(sed -n 's/^ARG NODE_IMAGE=//p' "$root/Dockerfile" | head -n 1)
postgres_image=$(default POSTGRES_IMAGE)
caddy_image=$(default CADDY_IMAGE)
for v in node_image postgres_image caddy_image; do [ -n "${!v}" ] || { echo "stack-images: no default for $v" >&2; exit 1; }; done
printf 'NODE_IMAGE=%q\nPOSTGRES_IMAGE=%q\nCADDY_IMAGE=%q\n' "$node_image" "$postgres_image" "$caddy_image"
