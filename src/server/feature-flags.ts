/**
 * Feature flags, the seam. Today: defaults from the environment (FLAG_<NAME>=on|off|true|false|1|0).
 * The ops layer's flag service (Unleash-backed, with per-tenant rollout) plugs in here by replacing the body of
 * `isEnabled` — callers (pages, use cases) already pass the context it needs and never read env themselves.
 */
export const flagNames = ['TICKET_COMMENTS', 'KANBAN_SWIMLANES'] as const;
export type FlagName = (typeof flagNames)[number];

/** Who is asking; a targeting service uses it, the env defaults ignore it. */
export interface FlagContext {
  tenantId?: string;
  /** Workspace id or slug, when only the URL is known. */
  workspace?: string;
  userId?: string;
}

const defaults: Record<FlagName, boolean> = {
  TICKET_COMMENTS: true,
  KANBAN_SWIMLANES: false,
};

function parse(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^(1|true|on|yes|enabled)$/i.test(value.trim())) return true;
  if (/^(0|false|off|no|disabled)$/i.test(value.trim())) return false;
  return undefined;
}

export function isEnabled(name: FlagName, _ctx: FlagContext = {}, env: Record<string, string | undefined> = process.env): boolean {
  return parse(env[`FLAG_${name}`]) ?? defaults[name];
}

/** Every flag for one context, for a page to hand to its client components. */
export function flagsFor(ctx: FlagContext = {}, env: Record<string, string | undefined> = process.env): Record<FlagName, boolean> {
  return Object.fromEntries(flagNames.map((name) => [name, isEnabled(name, ctx, env)])) as Record<FlagName, boolean>;
}
