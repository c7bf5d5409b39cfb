-- tika-migration: expand
-- Overload protection in the database itself (docs/overload.md): every login role that acts as tika_app (the
-- runtime role) or tika_auth (the auth library's role) gets server-side defaults, so no runtime session — the app's pool, a script, psql — can hold a
-- statement, a lock wait or an idle transaction open without bound. The app sets its own values per connection
-- too (DATABASE_STATEMENT_TIMEOUT_MS, …); these are the floor for everything else. Role settings apply to the
-- LOGIN role at session start (not through SET ROLE), hence per runtime role; migrate.mjs calls the function
-- again after granting tika_app to DATABASE_URL's user (and tika_auth to DATABASE_AUTH_URL's) on a fresh install.
CREATE OR REPLACE FUNCTION tika_set_runtime_timeouts(runtime_role text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', runtime_role, '15s');
  EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', runtime_role, '5s');
  EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', runtime_role, '60s');
END $$;
--> statement-breakpoint
-- tika-migration: allow the function is created just above: no build ever had this privilege
REVOKE ALL ON FUNCTION tika_set_runtime_timeouts(text) FROM PUBLIC;
--> statement-breakpoint
DO $$
DECLARE runtime record;
BEGIN
  FOR runtime IN
    SELECT member.rolname FROM pg_auth_members link
      JOIN pg_roles member ON member.oid = link.member
      JOIN pg_roles app ON app.oid = link.roleid
     WHERE app.rolname IN ('tika_app', 'tika_auth') AND member.rolcanlogin AND NOT member.rolsuper
     GROUP BY member.rolname
  LOOP
    BEGIN
      PERFORM tika_set_runtime_timeouts(runtime.rolname);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'tika: cannot ALTER ROLE %: set statement_timeout, lock_timeout and idle_in_transaction_session_timeout for it by hand (docs/overload.md)', runtime.rolname;
    END;
  END LOOP;
END $$;
