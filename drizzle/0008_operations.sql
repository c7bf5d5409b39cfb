-- tika-migration: expand
CREATE TABLE "backup_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "backup_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL,
	"source" text NOT NULL,
	"file" text,
	"bytes" bigint,
	"sha256" text,
	"detail" text,
	CONSTRAINT "backup_runs_sha256" CHECK ("backup_runs"."sha256" is null or "backup_runs"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "backup_runs_bytes" CHECK ("backup_runs"."bytes" is null or "backup_runs"."bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"version" text,
	"started_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
-- Backup runs are written by the backup job, not by the app. The compose job connects as the superuser; a
-- Kubernetes backup role that is not one needs `GRANT INSERT ON backup_runs TO <role>` (the owner cannot create
-- roles: the compose init script and managed databases give it no CREATEROLE). The runtime reads a summary
-- through a lookup function and may not write.
GRANT SELECT ON "backup_runs" TO tika_lookup;
--> statement-breakpoint
-- The newest successful run, the newest failed one and how many were recorded: enough for the doctor, the
-- backup_last_* metrics and the operations page.
CREATE FUNCTION lookup.backup_status()
  RETURNS TABLE (
    last_success_at timestamptz, last_success_source text, last_success_file text, last_success_bytes bigint,
    last_success_sha256 text, last_failure_at timestamptz, last_failure_detail text, runs bigint
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.finished_at, s.source, s.file, s.bytes, s.sha256, f.finished_at, f.detail,
           (SELECT count(*) FROM backup_runs)
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT * FROM backup_runs WHERE ok ORDER BY finished_at DESC, id DESC LIMIT 1) s ON true
    LEFT JOIN LATERAL (SELECT * FROM backup_runs WHERE NOT ok ORDER BY finished_at DESC, id DESC LIMIT 1) f ON true
  $$;
--> statement-breakpoint
ALTER FUNCTION lookup.backup_status() OWNER TO tika_lookup;
--> statement-breakpoint
-- tika-migration: allow the function is created above in this same migration: no build ever had this privilege
REVOKE ALL ON FUNCTION lookup.backup_status() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lookup.backup_status() TO tika_app;
--> statement-breakpoint
-- Heartbeats: each process upserts its own row (outside tenant transactions) and removes it at shutdown.
GRANT SELECT, INSERT, UPDATE, DELETE ON "instances" TO tika_app;
