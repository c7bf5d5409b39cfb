import 'server-only';
import { sql } from 'drizzle-orm';
import { workspaceLabels } from '@/server/db/schema';
import type { Tx } from '@/server/db/tenant';
import type { LabelColour } from '@/shared/label-colours';

export interface LabelRow {
  id: string;
  name: string;
  colour: LabelColour;
}
type Rows<T> = { rows: T[] };

/** The workspace's coloured labels (RLS keeps it to the tenant of the transaction). */
export async function colouredLabels(tx: Tx): Promise<LabelRow[]> {
  return tx
    .select({ id: workspaceLabels.id, name: workspaceLabels.name, colour: workspaceLabels.colour })
    .from(workspaceLabels);
}

export async function findLabel(tx: Tx, name: string): Promise<LabelRow | undefined> {
  const result = (await tx.execute(sql`
    select id::text, name, colour from workspace_labels where lower(name) = lower(${name}) for update
  `)) as unknown as Rows<LabelRow>;
  return result.rows[0];
}

/** Every label in use on an open ticket, and every coloured one, with its count of open tickets; by name. */
export async function labelsWithUse(tx: Tx): Promise<{ name: string; colour: LabelColour | null; tickets: number }[]> {
  const result = (await tx.execute(sql`
    with used as (
      -- Of a label's spellings ("bug", "Bug") the first in code-point order names it: collate "C" makes that the same
      -- on every database (PGlite compares by code point, an ICU cluster puts "bug" before "Bug").
      select lower(l) as key, min(l collate "C") as name, count(*)::int as tickets
        from tickets t cross join lateral unnest(t.labels) as l
       where t.archived_at is null
       group by lower(l)
    )
    select coalesce(w.name, u.name) as name, w.colour, coalesce(u.tickets, 0)::int as tickets
      from used u full join workspace_labels w on lower(w.name) = u.key
     order by lower(coalesce(w.name, u.name)), coalesce(w.name, u.name)
  `)) as unknown as Rows<{ name: string; colour: LabelColour | null; tickets: number }>;
  return result.rows;
}

export async function countOpenTicketsWithLabel(tx: Tx, name: string): Promise<number> {
  const result = (await tx.execute(sql`
    select count(*)::int as n from tickets t
     where t.archived_at is null and exists (select 1 from unnest(t.labels) l where lower(l) = lower(${name}))
  `)) as unknown as Rows<{ n: number }>;
  return result.rows[0]?.n ?? 0;
}

/** Insert or change the colour of one label (one row per name whatever its case). */
export async function upsertLabel(
  tx: Tx,
  row: { tenantId: string; name: string; colour: LabelColour; updatedBy: string | null },
): Promise<LabelRow> {
  const result = (await tx.execute(sql`
    insert into workspace_labels (tenant_id, name, colour, updated_by)
    values (${row.tenantId}, ${row.name}, ${row.colour}, ${row.updatedBy})
    on conflict (tenant_id, lower(name))
    do update set name = excluded.name, colour = excluded.colour, updated_by = excluded.updated_by, updated_at = now()
    returning id::text, name, colour
  `)) as unknown as Rows<LabelRow>;
  return result.rows[0]!;
}

export async function deleteLabel(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`delete from workspace_labels where id = ${id}`);
}
