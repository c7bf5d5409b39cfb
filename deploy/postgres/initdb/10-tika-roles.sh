#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
# Creates Tika's roles (deploy/postgres/initdb/tika-roles.psql, their one definition, which says what each is for)
# with the passwords from the environment, so no password is ever written in a file, and hands database $POSTGRES_DB
# to tika_owner.
# Changing the passwords later: ALTER ROLE … PASSWORD … (docs/self-host.md, "Rotate database passwords").
# Sourced or executed by the image entrypoint: no `set` here, it would change the entrypoint shell.
: "${TIKA_DB_OWNER_PASSWORD:?TIKA_DB_OWNER_PASSWORD is required}"
: "${TIKA_DB_RUNTIME_PASSWORD:?TIKA_DB_RUNTIME_PASSWORD is required}"
: "${TIKA_DB_AUTH_PASSWORD:?TIKA_DB_AUTH_PASSWORD is required}"
# A known placeholder (the old example file's "change-me", or any other well-known example) would be baked into
# this new volume for good: refuse it, so the volume is created with the generated secrets instead. The same list
# as scripts/migrate.mjs and scripts/airgap/lib.sh.
for tika_var in POSTGRES_PASSWORD TIKA_DB_OWNER_PASSWORD TIKA_DB_RUNTIME_PASSWORD TIKA_DB_AUTH_PASSWORD; do
  case "$(printf '%s' "${!tika_var:-}" | tr '[:upper:]' '[:lower:]')" in
    change-me|changeme|change_me|password|secret|postgres|tika)
      echo "tika: $tika_var is a placeholder (\"${!tika_var}\"), not a secret: generate one (docs/self-host.md, \"Secrets\") and recreate the volume" >&2
      exit 1 ;;
  esac
done
unset tika_var
db=${POSTGRES_DB:-tika}
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --no-password --no-psqlrc --dbname "$db" \
  -v db="$db" -v owner_pw="$TIKA_DB_OWNER_PASSWORD" -v runtime_pw="$TIKA_DB_RUNTIME_PASSWORD" \
  -v auth_pw="$TIKA_DB_AUTH_PASSWORD" -f "$(dirname "${BASH_SOURCE[0]}")/tika-roles.psql"
echo "tika: roles tika_owner, tika_runtime, tika_auth_login, tika_app, tika_auth, tika_lookup, tika_jobs, tika_housekeeping ready in database $db"
