-- tika-migration: baseline (written before the expand/contract rule; docs/migrations.md)
CREATE TABLE "usage_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"api_calls" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_daily_tenant_id_day_pk" PRIMARY KEY("tenant_id","day"),
	CONSTRAINT "usage_daily_api_calls_nonnegative" CHECK ("usage_daily"."api_calls" >= 0)
);
--> statement-breakpoint
ALTER TABLE "usage_daily" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "workspace_flags" (
	"tenant_id" uuid NOT NULL,
	"flag" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_flags_tenant_id_flag_pk" PRIMARY KEY("tenant_id","flag"),
	CONSTRAINT "workspace_flags_flag_name" CHECK ("workspace_flags"."flag" ~ '^[A-Z][A-Z0-9_]{0,63}$')
);
--> statement-breakpoint
ALTER TABLE "workspace_flags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_tenant_id_workspaces_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_flags" ADD CONSTRAINT "workspace_flags_tenant_id_workspaces_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_flags" ADD CONSTRAINT "workspace_flags_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "cross_tenant_lookup" ON "columns" AS PERMISSIVE FOR SELECT TO "tika_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "cross_tenant_lookup" ON "tickets" AS PERMISSIVE FOR SELECT TO "tika_lookup" USING (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "usage_daily" AS PERMISSIVE FOR ALL TO "tika_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "workspace_flags" AS PERMISSIVE FOR ALL TO "tika_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
