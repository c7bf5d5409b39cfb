-- tika-migration: baseline (written before the expand/contract rule; docs/migrations.md)
-- What drizzle-kit cannot express: FORCE RLS (policies bind the table owner too), byte-order collation for
-- fractional keys, privileges, append-only audit triggers and the cross-tenant lookups.
ALTER TABLE "workspaces" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "api_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "boards" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "columns" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tickets" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "comments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "audit_logs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- An ICU en-US database sorts fractional-indexing keys wrongly; "C" compares bytes, as the library assumes.
ALTER TABLE "columns" ALTER COLUMN "position" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "position" TYPE text COLLATE "C";
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tika_app, tika_auth, tika_lookup;
--> statement-breakpoint
-- Sessions, password hashes and verification tokens belong to the auth library alone. Tenant transactions
-- (SET ROLE tika_app) see only who a member is: users' id, name and email.
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "sessions", "accounts", "verifications" TO tika_auth;
--> statement-breakpoint
GRANT SELECT ("id", "name", "email") ON "users" TO tika_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "workspaces", "memberships", "invitations", "api_tokens", "boards", "columns", "tickets", "comments" TO tika_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON "audit_logs" TO tika_app;
--> statement-breakpoint
GRANT SELECT ON "workspaces", "memberships", "invitations", "api_tokens" TO tika_lookup;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO tika_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO tika_app;
--> statement-breakpoint
CREATE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
--> statement-breakpoint
-- Plain triggers are skipped under session_replication_role = replica; ALWAYS triggers are not.
ALTER TABLE "audit_logs" ENABLE ALWAYS TRIGGER audit_logs_no_update_delete;
--> statement-breakpoint
ALTER TABLE "audit_logs" ENABLE ALWAYS TRIGGER audit_logs_no_truncate;
--> statement-breakpoint
CREATE SCHEMA lookup AUTHORIZATION tika_lookup;
--> statement-breakpoint
REVOKE ALL ON SCHEMA lookup FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA lookup TO tika_app;
--> statement-breakpoint
-- Bearer token → its workspace. The only way a request without a session finds its tenant.
CREATE FUNCTION lookup.api_token(p_hash text)
  RETURNS TABLE (tenant_id uuid, token_id uuid, role text, expires_at timestamptz, revoked_at timestamptz, created_by text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT t.tenant_id, t.id, t.role, t.expires_at, t.revoked_at, t.created_by FROM api_tokens t WHERE t.token_hash = p_hash
  $$;
--> statement-breakpoint
-- A user's memberships across workspaces, for the workspace switcher and the default workspace.
CREATE FUNCTION lookup.user_workspaces(p_user_id text)
  RETURNS TABLE (tenant_id uuid, name text, slug text, role text, joined_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.id, w.name, w.slug, m.role, m.created_at
    FROM memberships m JOIN workspaces w ON w.id = m.tenant_id
    WHERE m.user_id = p_user_id ORDER BY m.created_at, w.id
  $$;
--> statement-breakpoint
CREATE FUNCTION lookup.workspace_id_by_slug(p_slug text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.id FROM workspaces w WHERE w.slug = p_slug
  $$;
--> statement-breakpoint
CREATE FUNCTION lookup.invitation_tenant(p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.tenant_id FROM invitations i WHERE i.token_hash = p_hash
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.api_token(text) OWNER TO tika_lookup;
--> statement-breakpoint
ALTER FUNCTION lookup.user_workspaces(text) OWNER TO tika_lookup;
--> statement-breakpoint
ALTER FUNCTION lookup.workspace_id_by_slug(text) OWNER TO tika_lookup;
--> statement-breakpoint
ALTER FUNCTION lookup.invitation_tenant(text) OWNER TO tika_lookup;
--> statement-breakpoint
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA lookup FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA lookup TO tika_app;
