-- tika-migration: expand
-- Issue #12, finding 1: an API token acts with at most its creator's CURRENT role in the token's workspace, and
-- not at all once the creator is no longer a member. The lookup now answers the creator's membership role
-- (NULL when they have none) beside the token's own; the app takes the lower of the two. The extra column is
-- additive: a replica still on the previous build reads the columns it knows by name.
-- tika-migration: allow replaced in the same transaction by a function of the same name and argument that returns
-- every column it returned before (plus creator_role): callers of the previous build read theirs by name
DROP FUNCTION lookup.api_token(text);
--> statement-breakpoint
CREATE FUNCTION lookup.api_token(p_hash text)
  RETURNS TABLE (tenant_id uuid, token_id uuid, role text, expires_at timestamptz, revoked_at timestamptz,
                 created_by text, creator_role text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT t.tenant_id, t.id, t.role, t.expires_at, t.revoked_at, t.created_by, m.role
    FROM public.api_tokens t
    LEFT JOIN public.memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.created_by
    WHERE t.token_hash = p_hash
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.api_token(text) OWNER TO tika_lookup;
--> statement-breakpoint
-- tika-migration: allow PUBLIC's default EXECUTE on the function created above, taken before anyone can use it
REVOKE ALL ON FUNCTION lookup.api_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.api_token(text) TO tika_app;
