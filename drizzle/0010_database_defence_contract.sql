-- tika-migration: contract since=0009_database_defence
-- Issue #12, finding 7, the part that takes things away. The builds that ship 0009 no longer use what this
-- removes. It runs in the same release as 0009 on purpose: each removal closes a hole an attacker with SQL access as
-- the runtime role could use, so it cannot wait a release. A replica of the previous build is therefore outside
-- its schema window once this has run (readiness 503, docs/migrations.md) and must be replaced, not kept serving.
--
-- 1. Temporary tables: `CREATE TEMP TABLE tickets` shadowed the app's unqualified table names for every later
--    request on that pooled connection. Nobody creates temporary tables in Tika's database (the app never does).
DO $$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END $$;
--> statement-breakpoint
-- 2. lookup.user_workspaces(any user id) answered for anyone: replaced by lookup.session_workspaces (0009). The
--    slug -> id lookup (unused since workspace references are matched in the app) goes too.
DROP FUNCTION lookup.user_workspaces(text);
--> statement-breakpoint
DROP FUNCTION lookup.workspace_id_by_slug(text);
