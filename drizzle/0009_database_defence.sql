-- tika-migration: expand
-- Issue #12, finding 7: the database's own defences against SQL run as the runtime role (an injection that was
-- not found). This migration adds; 0010_database_defence_contract removes what it replaces.
--
-- 1. Users: tika_app read every user's id, name and email across all tenants (with no tenant set, too). Now it
--    sees the members of the current workspace only; the auth library (tika_auth) sees every row, as before.
-- Enabled, not forced: the owner (migrations) keeps seeing every row, so a later migration that backfills users is
-- not silently a no-op; the app's roles are never the owner.
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_of_current_tenant ON public.users AS PERMISSIVE FOR SELECT TO tika_app
  USING (EXISTS (
    SELECT 1 FROM public.memberships m
    WHERE m.user_id = users.id AND m.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  ));
--> statement-breakpoint
CREATE POLICY auth_library ON public.users AS PERMISSIVE FOR ALL TO tika_auth USING (true) WITH CHECK (true);
--> statement-breakpoint
-- 2. Workspaces of a user: lookup.user_workspaces(any user id) answered for anyone. Its replacement asks for the
--    caller's own session token, which SQL access alone does not give (sessions belong to tika_auth): unknown or
--    expired sessions raise 28000.
GRANT SELECT (token, user_id, expires_at) ON public.sessions TO tika_lookup;
--> statement-breakpoint
CREATE FUNCTION lookup.session_workspaces(p_session_token text)
  RETURNS TABLE (tenant_id uuid, name text, slug text, role text, joined_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user text;
BEGIN
  SELECT s.user_id INTO v_user FROM public.sessions s WHERE s.token = p_session_token AND s.expires_at > now();
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'no such session' USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  RETURN QUERY
    SELECT w.id, w.name, w.slug, m.role, m.created_at
    FROM public.memberships m JOIN public.workspaces w ON w.id = m.tenant_id
    WHERE m.user_id = v_user ORDER BY m.created_at, w.id;
END $$;
--> statement-breakpoint
ALTER FUNCTION lookup.session_workspaces(text) OWNER TO tika_lookup;
--> statement-breakpoint
-- tika-migration: allow the function was created just above; PUBLIC's default EXECUTE is taken away before anyone can use it
REVOKE ALL ON FUNCTION lookup.session_workspaces(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.session_workspaces(text) TO tika_app;
--> statement-breakpoint
-- 3. An account's own security events (password reset by link, email verified, account deleted…) are audited in
--    every workspace the account belongs to, often without a session to ask with. Only the auth library asks, by
--    user id, through its own login role: tika_auth may execute this, tika_app may not, so SQL run as the runtime
--    role cannot map a user id to workspaces.
GRANT USAGE ON SCHEMA lookup TO tika_auth;
--> statement-breakpoint
CREATE FUNCTION lookup.account_workspaces(p_user_id text)
  RETURNS TABLE (tenant_id uuid, name text, slug text, role text, joined_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.id, w.name, w.slug, m.role, m.created_at
    FROM public.memberships m JOIN public.workspaces w ON w.id = m.tenant_id
    WHERE m.user_id = p_user_id ORDER BY m.created_at, w.id
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.account_workspaces(text) OWNER TO tika_lookup;
--> statement-breakpoint
-- tika-migration: allow the function was created just above; PUBLIC's default EXECUTE is taken away before anyone can use it
REVOKE ALL ON FUNCTION lookup.account_workspaces(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.account_workspaces(text) TO tika_auth;
