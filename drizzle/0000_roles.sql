-- tika-migration: baseline (written before the expand/contract rule; docs/migrations.md)
-- Roles are cluster-wide, so create them idempotently. tika_app is what every request runs as (SET ROLE inside
-- its transaction); tika_auth holds the auth library's tables (sessions, password hashes), which tenant code
-- never needs; tika_lookup owns the few SECURITY DEFINER functions that must read across tenants.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_app') THEN
    CREATE ROLE tika_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_auth') THEN
    CREATE ROLE tika_auth NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tika_lookup') THEN
    CREATE ROLE tika_lookup NOLOGIN NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
-- The migrating owner must be able to hand functions to tika_lookup (ALTER ... OWNER needs membership).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'tika_lookup', 'MEMBER') THEN
    EXECUTE format('GRANT tika_lookup TO %I', current_user);
  END IF;
END $$;
