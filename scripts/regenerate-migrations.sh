#!/usr/bin/env bash
# Before the first release only: rebuild the three initial migrations from the schema, keeping the custom SQL.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp drizzle/0000_roles.sql drizzle/0002_rls_hardening.sql "$tmp/"
rm -rf drizzle
npx drizzle-kit generate --custom --name roles >/dev/null
npx drizzle-kit generate --name schema >/dev/null
npx drizzle-kit generate --custom --name rls_hardening >/dev/null
cp "$tmp/0000_roles.sql" "$tmp/0002_rls_hardening.sql" drizzle/
rm -rf "$tmp"
ls drizzle
