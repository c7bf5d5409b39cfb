#!/usr/bin/env bash
# Fails when `npm ci` would refuse the committed lockfile (package.json and package-lock.json out of sync, or a
# platform's optional package missing — npm 11 checks every platform, not only this one).
#   scripts/ci/check-lockfile.sh
# Runs `npm ci --dry-run` on a copy of package.json, package-lock.json and .npmrc in a scratch directory: the same
# validation `npm ci` does before it installs anything, in about a second, without touching node_modules.
# Fix a failure with `npm install --package-lock-only` (same npm major as CI) and commit the lockfile.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tika-lockfile.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cp "$root/package.json" "$root/package-lock.json" "$scratch/"
[ -f "$root/.npmrc" ] && cp "$root/.npmrc" "$scratch/"
if ! (cd "$scratch" && npm ci --dry-run --ignore-scripts --no-audit --no-fund >"$scratch/npm.log" 2>&1); then
  grep -E 'npm error (Missing|Invalid|`npm ci`)' "$scratch/npm.log" | head -20 >&2 || cat "$scratch/npm.log" >&2
  echo "lockfile: npm $(npm -v) ci refuses package-lock.json; run \`npm install --package-lock-only\` and commit it" >&2
  exit 1
fi
echo "lockfile: npm $(npm -v) ci accepts package-lock.json ($(node -p 'Object.keys(require(process.argv[1]).packages).length - 1' "$root/package-lock.json") packages)"
