import type { Role } from '../../src/shared/permissions';

// The in-test model of the isolation-at-scale run: what each workspace owns, who belongs where with which role,
// and a global map from every identifier the run has seen to the workspace it belongs to. Responses are checked
// against it, and at the end the whole database is compared with it.

export interface User {
  id: string;
  email: string;
  name: string;
  cookie: string;
  /** Every workspace this user has ever belonged to: their id may appear in those workspaces' data for good. */
  history: Set<string>;
}

export interface Token {
  id: string;
  secret: string;
  role: Exclude<Role, 'owner'>;
  revoked: boolean;
  /** Its creator: the token acts with at most their current role, and is revoked when they leave (issue #12). */
  createdBy: string;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** The role a token acts with right now: the lower of its own and its creator's; null once they are gone. */
export function tokenActsAs(ws: Workspace, token: Token): Role | null {
  const creator = ws.members.get(token.createdBy);
  if (!creator || token.revoked) return null;
  return RANK[creator] < RANK[token.role] ? creator : token.role;
}

/** A member left or was removed: their tokens were revoked (one audit row each). Returns how many. */
export function revokeTokensOf(ws: Workspace, userId: string): number {
  let revoked = 0;
  for (const token of ws.tokens.values()) {
    if (token.createdBy !== userId || token.revoked) continue;
    token.revoked = true;
    revoked++;
  }
  return revoked;
}

/** A member's role went down: their tokens above it were lowered to it (one audit row each). */
export function tokensAbove(ws: Workspace, userId: string, role: Role): Token[] {
  return [...ws.tokens.values()].filter((t) => t.createdBy === userId && !t.revoked && RANK[t.role] > RANK[role]);
}

export interface Invitation {
  id: string;
  secret: string;
  role: Exclude<Role, 'owner'>;
  email: string | null;
  status: 'pending' | 'accepted' | 'revoked';
}

export interface Board {
  id: string;
  name: string;
  archived: boolean;
}

export interface Column {
  id: string;
  boardId: string;
  name: string;
  wipLimit: number | null;
}

export interface Ticket {
  id: string;
  boardId: string;
  columnId: string;
  title: string;
  version: number;
  archived: boolean;
  assigneeId: string | null;
}

export interface Comment {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorTokenId: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  description: string;
  /** Subscriptions as the API keeps them: event types, families (ticket.*) or '*'. */
  events: string[];
  enabled: boolean;
  secretPrefix: string;
  /** Deliveries the database must hold for this endpoint: test events and every subscribed event since creation. */
  deliveries: number;
}

/**
 * A delivery the run knows by id (a test event it sent, or one a listing showed). Whether the job worker has
 * finished it depends on timing, so the model only knows it is finished once an answer said so (delivered or
 * failed); only a redelivery makes it pending again.
 */
export interface Delivery {
  id: string;
  webhookId: string;
  finished: boolean;
}

/** An in-app notice (a due-date reminder from setup): one member's, in one workspace. */
export interface Notice {
  id: string;
  userId: string;
  read: boolean;
}

/** The patterns that select an event (src/modules/webhooks/events.ts): itself, its family, everything. */
export const subscribes = (hook: Webhook, type: string) =>
  hook.events.some((p) => p === type || p === '*' || p === `${type.split('.')[0]}.*`);

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  /** In every name and title this workspace's data carries, to spot it in another workspace's responses. */
  marker: string;
  /** One of the workspaces operations run in (the others are sign-up and scratch workspaces). */
  active: boolean;
  deleted: boolean;
  members: Map<string, Role>;
  tokens: Map<string, Token>;
  invitations: Map<string, Invitation>;
  boards: Map<string, Board>;
  columns: Map<string, Column>;
  tickets: Map<string, Ticket>;
  comments: Map<string, Comment>;
  flags: Map<string, boolean>;
  webhooks: Map<string, Webhook>;
  deliveries: Map<string, Delivery>;
  notices: Map<string, Notice>;
  /** Label colours by lower-case name (PUT /labels). */
  labels: Map<string, string>;
  /** Audit rows the database must hold for this workspace (baseline after setup + one per successful change). */
  audit: number;
}

export function newWorkspace(id: string, slug: string, name: string, marker: string, active: boolean): Workspace {
  return {
    id,
    slug,
    name,
    marker,
    active,
    deleted: false,
    members: new Map(),
    tokens: new Map(),
    invitations: new Map(),
    boards: new Map(),
    columns: new Map(),
    tickets: new Map(),
    comments: new Map(),
    flags: new Map(),
    webhooks: new Map(),
    deliveries: new Map(),
    notices: new Map(),
    labels: new Map(),
    audit: 0,
  };
}

export interface World {
  workspaces: Map<string, Workspace>;
  users: Map<string, User>;
  /** Identifier, slug, marker or secret → the workspace it belongs to. */
  ownerOf: Map<string, string>;
  /** Identifiers first seen in a workspace's own successful responses (audit entry ids and the like). */
  learned: number;
  /** Where webhooks deliver: the suite's receiver (http://127.0.0.1:port, allowed by WEBHOOK_ALLOWED_HOSTS). */
  hookBase: string;
}

export const newWorld = (hookBase = 'https://hooks.example.com'): World => ({
  workspaces: new Map(),
  users: new Map(),
  ownerOf: new Map(),
  learned: 0,
  hookBase,
});

/** A webhook URL of this workspace: its marker in the path, so that the URL is spotted in another's answers. */
export const hookUrl = (world: World, ws: Workspace, r: { hex(length: number): string }) =>
  `${world.hookBase}/${ws.marker}/${r.hex(8)}`;

/** A change in `ws` emitted `type`: one delivery per enabled endpoint subscribed to it. */
export function emitted(ws: Workspace, type: string): void {
  for (const hook of ws.webhooks.values()) if (hook.enabled && subscribes(hook, type)) hook.deliveries++;
}

export function own(world: World, workspaceId: string, ...keys: (string | null | undefined)[]): void {
  for (const key of keys) if (key) world.ownerOf.set(key, workspaceId);
}

export function addWorkspace(world: World, ws: Workspace): Workspace {
  world.workspaces.set(ws.id, ws);
  own(world, ws.id, ws.id, ws.slug, ws.marker);
  return ws;
}

export function join(world: World, ws: Workspace, userId: string, role: Role): void {
  ws.members.set(userId, role);
  world.users.get(userId)?.history.add(ws.id);
}

export const activeWorkspaces = (world: World) => [...world.workspaces.values()].filter((w) => w.active && !w.deleted);

/** A marker no workspace of the model carries yet (a repeat would make one workspace's data look like another's). */
export function unusedMarker(world: World, r: { hex(length: number): string }): string {
  let marker: string;
  do marker = `zq${r.hex(10)}`;
  while (world.ownerOf.has(marker));
  return marker;
}

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
export const MARKER = /zq[0-9a-f]{10}/g;

export interface LeakScope {
  /** Workspaces whose data may appear in this response. */
  allowed: Set<string>;
  /** Strings the request itself carried: echoing them back tells the caller nothing. */
  carried: string[];
  /** Record unknown UUIDs of a successful single-workspace response as that workspace's. */
  learnInto?: string;
}

/**
 * Every string in the body, and every UUID or marker inside one, must belong to an allowed workspace (or be
 * carried by the request). User ids and emails may appear wherever that user has ever been a member.
 */
export function findLeaks(world: World, body: unknown, scope: LeakScope): string[] {
  const leaks: string[] = [];
  const carried = new Set(scope.carried);
  const emails = emailIndex(world);
  const check = (value: string) => {
    if (carried.has(value)) return;
    const user = world.users.get(value) ?? emails.get(value);
    if (user) {
      if (![...user.history].some((w) => scope.allowed.has(w))) leaks.push(`user ${value}`);
      return;
    }
    const owner = world.ownerOf.get(value);
    if (owner !== undefined) {
      if (!scope.allowed.has(owner)) leaks.push(`${value} (of ${owner})`);
      return;
    }
    if (scope.learnInto && /^[0-9a-f-]{36}$/i.test(value)) {
      world.ownerOf.set(value, scope.learnInto);
      world.learned++;
    }
  };
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      check(value);
      for (const m of value.match(UUID) ?? []) if (m !== value) check(m.toLowerCase());
      for (const m of value.match(MARKER) ?? []) if (m !== value) check(m);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(body);
  return leaks;
}

let emailCache: { size: number; map: Map<string, User> } | undefined;
function emailIndex(world: World): Map<string, User> {
  if (emailCache?.size !== world.users.size) {
    emailCache = { size: world.users.size, map: new Map([...world.users.values()].map((u) => [u.email, u])) };
  }
  return emailCache.map;
}
