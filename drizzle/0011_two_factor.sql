-- tika-migration: expand
-- Issue #16: two-factor authentication (better-auth's two-factor plugin: one row per enrolled user, the TOTP
-- secret and the backup codes encrypted with the auth secret) and a workspace owner's "require 2FA of every
-- member". The two lookups answer one more column each; a replica still on the previous build reads the columns
-- it knows by name.
CREATE TABLE "two_factors" (
	"id" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"backup_codes" text NOT NULL,
	"user_id" text NOT NULL,
	"verified" boolean DEFAULT true NOT NULL,
	"failed_verification_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "two_factors_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "two_factor_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "require_two_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "two_factors" ADD CONSTRAINT "two_factors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- TOTP secrets and backup codes belong to the auth library alone, like password hashes (0002).
GRANT SELECT, INSERT, UPDATE, DELETE ON "two_factors" TO tika_auth;
--> statement-breakpoint
-- A token is held to its creator's second factor: the token lookup reads that one flag of the user row (users
-- has row-level security since 0009: this policy is the lookup owner's only way in, and only to id and the flag).
GRANT SELECT ("id", "two_factor_enabled") ON "users" TO tika_lookup;
--> statement-breakpoint
CREATE POLICY token_creator_second_factor ON public.users AS PERMISSIVE FOR SELECT TO tika_lookup USING (true);
--> statement-breakpoint
-- tika-migration: allow recreated at once below with the same argument and a superset of its columns, in this transaction
DROP FUNCTION lookup.session_workspaces(text);
--> statement-breakpoint
CREATE FUNCTION lookup.session_workspaces(p_session_token text)
  RETURNS TABLE (tenant_id uuid, name text, slug text, role text, joined_at timestamptz, require_two_factor boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user text;
BEGIN
  SELECT s.user_id INTO v_user FROM public.sessions s WHERE s.token = p_session_token AND s.expires_at > now();
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'no such session' USING ERRCODE = 'invalid_authorization_specification';
  END IF;
  RETURN QUERY
    SELECT w.id, w.name, w.slug, m.role, m.created_at, w.require_two_factor
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
-- tika-migration: allow recreated at once below with the same argument and a superset of its columns, in this transaction
DROP FUNCTION lookup.api_token(text);
--> statement-breakpoint
CREATE FUNCTION lookup.api_token(p_hash text)
  RETURNS TABLE (tenant_id uuid, token_id uuid, role text, expires_at timestamptz, revoked_at timestamptz,
                 created_by text, creator_role text, require_two_factor boolean, creator_two_factor boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT t.tenant_id, t.id, t.role, t.expires_at, t.revoked_at, t.created_by, m.role,
           w.require_two_factor, coalesce(u.two_factor_enabled, false)
    FROM public.api_tokens t
    JOIN public.workspaces w ON w.id = t.tenant_id
    LEFT JOIN public.memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.created_by
    LEFT JOIN public.users u ON u.id = t.created_by
    WHERE t.token_hash = p_hash
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.api_token(text) OWNER TO tika_lookup;
--> statement-breakpoint
-- tika-migration: allow the function was created just above; PUBLIC's default EXECUTE is taken away before anyone can use it
REVOKE ALL ON FUNCTION lookup.api_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.api_token(text) TO tika_app;
