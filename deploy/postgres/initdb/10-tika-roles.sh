#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
# Creates Tika's roles from the environment, so no password is ever written in a file:
#   tika_owner    LOGIN, owns database "tika"; the migrate service runs as it (TIKA_DB_OWNER_PASSWORD)
#   tika_runtime  LOGIN, the app's connection: not superuser, not BYPASSRLS, owns nothing (TIKA_DB_RUNTIME_PASSWORD)
#   tika_auth_login LOGIN, the auth library's own connection (sessions, password hashes), so the runtime role
#                 never needs tika_auth (TIKA_DB_AUTH_PASSWORD; docs/security.md)
#   tika_app, tika_auth, tika_lookup  NOLOGIN roles the migrations grant privileges to (created here so the owner
#                 needs no CREATEROLE: it gets ADMIN on tika_app and tika_auth to grant them to the runtime role, and membership in
#                 tika_lookup to hand it the cross-tenant lookup functions).
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
  -v db="$db" -v owner_pw="$TIKA_DB_OWNER_PASSWORD" -v runtime_pw="$TIKA_DB_RUNTIME_PASSWORD" -v auth_pw="$TIKA_DB_AUTH_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE tika_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'owner_pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_owner') \gexec
SELECT format('CREATE ROLE tika_runtime LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'runtime_pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_runtime') \gexec
SELECT format('CREATE ROLE tika_auth_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD %L', :'auth_pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_auth_login') \gexec
SELECT 'CREATE ROLE tika_app NOLOGIN NOBYPASSRLS' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_app') \gexec
SELECT 'CREATE ROLE tika_auth NOLOGIN NOBYPASSRLS' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_auth') \gexec
SELECT 'CREATE ROLE tika_lookup NOLOGIN NOBYPASSRLS' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_lookup') \gexec
GRANT tika_app TO tika_owner WITH ADMIN OPTION;
GRANT tika_auth TO tika_owner WITH ADMIN OPTION;
GRANT tika_lookup TO tika_owner;
ALTER DATABASE :"db" OWNER TO tika_owner;
ALTER SCHEMA public OWNER TO tika_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO tika_runtime, tika_auth_login;
SQL
echo "tika: roles tika_owner, tika_runtime, tika_auth_login, tika_app, tika_auth, tika_lookup ready in database $db"
