-- tika-migration: baseline (written before the expand/contract rule; docs/migrations.md)
-- Ops tables (0003): FORCE RLS like every tenant table, privileges, and the cross-tenant ticket counts behind the
-- tickets_by_status metric (aggregates only: no tenant id, no row leaves the function).
ALTER TABLE "usage_daily" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "workspace_flags" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Usage counters only grow: no DELETE for the app.
GRANT SELECT, INSERT, UPDATE ON "usage_daily" TO tika_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "workspace_flags" TO tika_app;
--> statement-breakpoint
GRANT SELECT ON "tickets", "columns" TO tika_lookup;
--> statement-breakpoint
-- Status of a ticket from its column's place on the board: first column todo, last done, between in_progress.
CREATE FUNCTION lookup.ticket_counts()
  RETURNS TABLE (status text, tickets bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH ranked AS (
      SELECT c.tenant_id, c.id,
             row_number() OVER (PARTITION BY c.tenant_id, c.board_id ORDER BY c.position, c.id) AS n,
             count(*) OVER (PARTITION BY c.tenant_id, c.board_id) AS total
      FROM columns c
    )
    SELECT CASE
             WHEN t.archived_at IS NOT NULL THEN 'archived'
             WHEN r.n = 1 THEN 'todo'
             WHEN r.n = r.total THEN 'done'
             ELSE 'in_progress'
           END AS status,
           count(*) AS tickets
    FROM tickets t JOIN ranked r ON r.tenant_id = t.tenant_id AND r.id = t.column_id
    GROUP BY 1
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.ticket_counts() OWNER TO tika_lookup;
--> statement-breakpoint
REVOKE ALL ON FUNCTION lookup.ticket_counts() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.ticket_counts() TO tika_app;
