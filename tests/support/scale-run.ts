import { can, type Permission } from '../../src/modules/access';
import { send, type Caller, type Reply } from './scale-http';
import { activeWorkspaces, emitted, findLeaks, tokenActsAs, type Workspace, type World } from './scale-model';
import { builders, mixedBuilders, type G, type Plan, type Principal } from './scale-ops';
import { rng, weighted, type Rng } from './scale-prng';

// The random phase of the isolation-at-scale run. Each lane owns a share of the workspaces and runs operations
// in them one at a time; about a quarter are attacks: another workspace's ids (in the path, the body or a filter),
// a session choosing a workspace its user does not belong to (x-tika-workspace by id or slug, or the
// tika_workspace cookie), an API token with someone else's workspace header, or a revoked token. Every answer is
// checked against the model: status, data, problem+json, and every identifier in the body.

export interface OperationMeta {
  operationId: string;
  method: string;
  pattern: RegExp;
  permission?: Permission;
  /** Tenant operations take API tokens and act in one workspace; the others are the signed-in user's. */
  tenant: boolean;
}

/** The operations of the served OpenAPI document, with their permission (x-permission) and kind. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Map<string, OperationMeta> {
  const operations = new Map<string, OperationMeta>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const security = (op.security ?? []) as Record<string, unknown>[];
      operations.set(op.operationId as string, {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/?]+')}(?:\\?.*)?$`),
        permission: op['x-permission'] as Permission | undefined,
        tenant: security.some((s) => 'bearerAuth' in s),
      });
    }
  }
  return operations;
}

export type Mode = 'own' | 'foreignId' | 'mixedId' | 'sessionHeader' | 'tokenHeader' | 'revokedToken';

const MODES: Record<Mode, number> = {
  own: 75,
  foreignId: 10,
  mixedId: 3,
  sessionHeader: 7,
  tokenHeader: 4,
  revokedToken: 2,
};

// Reads dominate, as in real use; every operation of the document has a weight.
export const WEIGHTS: Record<string, number> = {
  getBoard: 8,
  listTickets: 6,
  getTicket: 6,
  createTicket: 6,
  updateTicket: 6,
  moveTicket: 6,
  archiveTicket: 2,
  restoreTicket: 2,
  deleteTicket: 1.5,
  listBoards: 3,
  createBoard: 1,
  updateBoard: 1.5,
  deleteBoard: 0.8,
  createColumn: 1.5,
  updateColumn: 2,
  deleteColumn: 1,
  listComments: 3,
  createComment: 3,
  deleteComment: 1.5,
  listAuditLog: 3,
  listTicketActivity: 2,
  listMembers: 2,
  changeMemberRole: 1,
  removeMember: 0.8,
  leaveWorkspace: 0.8,
  transferOwnership: 0.8,
  listInvitations: 1.5,
  createInvitation: 1.5,
  revokeInvitation: 1,
  acceptInvitation: 1.5,
  previewInvitation: 1,
  listApiTokens: 1.5,
  createApiToken: 1.2,
  revokeApiToken: 0.8,
  getWorkspace: 2,
  updateWorkspace: 0.8,
  deleteWorkspace: 0.8,
  getMe: 1.5,
  createWorkspace: 0.8,
  getUsage: 1,
  listFlags: 1.5,
  updateFlags: 0.8,
  listLabels: 1,
  setLabelColour: 0.8,
  listWebhooks: 1.2,
  createWebhook: 1,
  getWebhook: 1.2,
  updateWebhook: 1.2,
  deleteWebhook: 0.5,
  rotateWebhookSecret: 0.8,
  sendWebhookTestEvent: 1,
  listWebhookDeliveries: 1.2,
  getWebhookDelivery: 1.2,
  retryWebhookDelivery: 1,
  listNotifications: 1.5,
  markNotificationsRead: 1.2,
};

/**
 * The webhook events a successful operation emits in its workspace (the emitWebhookEvent calls in src/modules):
 * each one a delivery for every enabled endpoint subscribed to it, written in the change's own transaction.
 */
const EMITS: Record<string, string[]> = {
  createTicket: ['ticket.created'],
  updateTicket: ['ticket.updated'],
  moveTicket: ['ticket.moved'],
  archiveTicket: ['ticket.archived'],
  restoreTicket: ['ticket.restored'],
  deleteTicket: ['ticket.deleted'],
  createComment: ['comment.created'],
  deleteComment: ['comment.deleted'],
  createBoard: ['board.created'],
  updateBoard: ['board.updated'],
  deleteBoard: ['board.deleted'],
  createColumn: ['column.created'],
  updateColumn: ['column.updated'],
  deleteColumn: ['column.deleted'],
  acceptInvitation: ['member.added'],
  changeMemberRole: ['member.role_changed'],
  removeMember: ['member.removed'],
  leaveWorkspace: ['member.removed'],
  // The former owner becomes admin, the new one owner: two role changes.
  transferOwnership: ['member.role_changed', 'member.role_changed'],
};

export interface Stats {
  operations: number;
  byOperation: Record<string, Record<string, number>>;
  byMode: Record<string, number>;
  statuses: Record<string, number>;
  foreignCredentialAttempts: number;
  foreignIdAttempts: number;
  leaks: string[];
  serverErrors: string[];
  failures: string[];
  skipped: number;
}

export const newStats = (): Stats => ({
  operations: 0,
  byOperation: {},
  byMode: {},
  statuses: {},
  foreignCredentialAttempts: 0,
  foreignIdAttempts: 0,
  leaks: [],
  serverErrors: [],
  failures: [],
  skipped: 0,
});

interface Attempt {
  op: string;
  mode: Mode;
  plan: Plan;
  caller: Caller;
  expected: number;
  /** Workspaces whose data the answer may carry. */
  allowed: Set<string>;
  /** The acting workspace when the call should change it (own calls and token-with-foreign-header calls). */
  acting?: Workspace;
  users: string[];
}

export interface RunContext {
  base: string;
  world: World;
  operations: Map<string, OperationMeta>;
  stats: Stats;
  busy: Set<string>;
  stop: { now: boolean };
  seed: number;
}

function principals(world: World, ws: Workspace, r: Rng, busy: Set<string>): Principal[] {
  const people: Principal[] = [...ws.members]
    .filter(([id]) => !busy.has(id))
    .map(([id, role]) => {
      // The session picks its workspace by id, by slug, or by the workspace cookie.
      const roll = r.next();
      const caller: Caller =
        roll < 0.7 ? { workspace: ws.id } : roll < 0.9 ? { workspace: ws.slug } : { workspaceCookie: ws.id };
      return {
        caller: { cookie: world.users.get(id)!.cookie, ...caller },
        role,
        kind: 'session' as const,
        actorId: id,
      };
    });
  // A token acts for its creator, with at most their current role: while the creator is busy (their role or
  // membership may be changing), their tokens are too.
  const tokens: Principal[] = [...ws.tokens.values()]
    .filter((t) => !busy.has(t.createdBy))
    .flatMap((t) => {
      const role = tokenActsAs(ws, t);
      return role
        ? [{ caller: { token: t.secret }, role, kind: 'token' as const, actorId: t.id, forUser: t.createdBy }]
        : [];
    });
  return [...people, ...tokens];
}

function expectedFor(meta: OperationMeta, plan: Plan, who: Principal): number {
  if (!meta.tenant) return who.kind === 'token' ? 401 : plan.status;
  if (meta.permission && !can(plan.roleThere ?? who.role, meta.permission)) return 403;
  if (plan.sessionOnly && who.kind === 'token') return 403;
  return plan.status;
}

const permitted = (meta: OperationMeta, plan: Plan) => (p: Principal) =>
  (!meta.permission || can(p.role, meta.permission)) &&
  (!plan.sessionOnly || p.kind === 'session') &&
  (meta.tenant || p.kind === 'session');

/** Strings a request carries (path segments, query values, body values): echoing them back leaks nothing. */
function carriedBy(plan: Plan, extra: string[]): string[] {
  const strings = [...plan.carried, ...extra, ...plan.path.split(/[/?&=]/).map(decodeURIComponent)];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(plan.body);
  return strings;
}

function plan(ctx: RunContext, r: Rng, mine: Workspace[], op: string, mode: Mode): Attempt | undefined {
  const { world, busy, operations } = ctx;
  const meta = operations.get(op)!;
  const ws = r.pick(mine);
  const others = activeWorkspaces(world).filter((w) => w.id !== ws.id);
  if (!others.length) return undefined;
  const victim = r.pick(others);
  const g = (who: Principal, where = ws): G => ({ world, r, ws: where, who, busy });
  const users = (p: Plan, who?: Principal) =>
    [who?.kind === 'session' ? who.actorId : who?.forUser, p.targetsUser, p.asUser].filter((u): u is string => !!u);

  if (mode === 'own' || mode === 'tokenHeader' || mode === 'revokedToken') {
    let who: Principal | undefined;
    if (mode === 'revokedToken') {
      const revoked = [...ws.tokens.values()].find((t) => t.revoked);
      if (!revoked) return undefined;
      who = { caller: { token: revoked.secret }, role: revoked.role, kind: 'token', actorId: revoked.id };
    } else {
      const all = principals(world, ws, r, busy).filter((p) => mode === 'own' || p.kind === 'token');
      // Mostly someone whose role allows the operation, so that successes are common; the rest test the 403s.
      const allowedRoles = all.filter((p) =>
        PREFER[op] ? PREFER[op](world, p) : !meta.permission || can(p.role, meta.permission),
      );
      const pool = allowedRoles.length && r.chance(0.7) ? allowedRoles : all;
      if (!pool.length) return undefined;
      who = r.pick(pool);
    }
    const p = builders[op]!(g(who));
    if (!p) return undefined;
    let caller = who.caller;
    if (mode === 'tokenHeader') caller = { ...caller, workspace: r.chance(0.5) ? victim.id : victim.slug };
    if (p.asUser) caller = { cookie: world.users.get(p.asUser)!.cookie };
    if (p.viaWorkspace) caller = { ...caller, workspace: p.viaWorkspace, workspaceCookie: undefined };
    const expected = mode === 'revokedToken' ? 401 : expectedFor(meta, p, who);
    const allowed = new Set([ws.id, ...(p.alsoAllowed ?? [])]);
    return {
      op,
      mode,
      plan: p,
      caller,
      expected,
      allowed,
      acting: mode === 'revokedToken' ? undefined : ws,
      users: users(p, who),
    };
  }

  if (mode === 'mixedId') {
    const kind = r.pick(Object.keys(mixedBuilders));
    const probe = principals(world, ws, r, busy);
    const attacker = pickPermitted(r, probe, operations.get(kindOp[kind]!)!);
    if (!attacker) return undefined;
    const p = mixedBuilders[kind]!(g(attacker), victim);
    if (!p) return undefined;
    return {
      op: p.op,
      mode,
      plan: p,
      caller: attacker.caller,
      expected: p.status,
      allowed: new Set([ws.id]),
      users: users(p, attacker),
    };
  }

  if (!meta.tenant) return undefined;
  // The request is planned as the victim's own people would send it, with the victim's ids.
  const victimWho = principals(world, victim, r, busy);
  if (!victimWho.length) return undefined;
  const p = builders[op]!(g(r.pick(victimWho), victim));
  if (!p) return undefined;

  if (mode === 'foreignId') {
    if (!p.refers || (p.targetsUser && ws.members.has(p.targetsUser))) return undefined;
    const attacker = principals(world, ws, r, busy).filter(permitted(meta, p));
    if (!attacker.length) return undefined;
    const who = r.pick(attacker);
    return {
      op,
      mode,
      plan: { ...p, asUser: undefined, viaWorkspace: undefined },
      caller: who.caller,
      expected: p.foreign === 'empty' ? 200 : 404,
      allowed: new Set([ws.id]),
      users: users(p, who),
    };
  }

  // sessionHeader: someone who is not (or no longer) a member of the victim names it as their workspace.
  const outsiders = [...world.users.values()].filter((u) => !victim.members.has(u.id) && !busy.has(u.id));
  const former = outsiders.filter((u) => u.history.has(victim.id));
  const intruder = former.length && r.chance(0.4) ? r.pick(former) : outsiders.length ? r.pick(outsiders) : undefined;
  if (!intruder) return undefined;
  const roll = r.next();
  const caller: Caller =
    roll < 0.45
      ? { cookie: intruder.cookie, workspace: victim.id }
      : roll < 0.9
        ? { cookie: intruder.cookie, workspace: victim.slug }
        : { cookie: intruder.cookie, workspaceCookie: victim.id };
  return {
    op,
    mode,
    plan: { ...p, asUser: undefined, viaWorkspace: undefined },
    caller,
    expected: 404,
    allowed: new Set(intruder.history),
    users: [intruder.id, ...(p.targetsUser ? [p.targetsUser] : [])],
  };
}

/** Who can make an operation succeed when its permission alone does not say (a scratch workspace's owner deletes it). */
const hasNotices = (world: World, p: Principal) =>
  p.kind === 'session' &&
  [...world.workspaces.values()].some((w) => [...w.notices.values()].some((n) => n.userId === p.actorId));

const PREFER: Record<string, (world: World, p: Principal) => boolean> = {
  // A person's notices (API tokens have none): mostly someone who has some.
  listNotifications: hasNotices,
  markNotificationsRead: hasNotices,
  deleteWorkspace: (world, p) =>
    p.kind === 'session' &&
    [...world.workspaces.values()].some(
      (w) => !w.active && !w.deleted && w.name.endsWith(' scratch') && w.members.get(p.actorId) === 'owner',
    ),
};

const kindOp: Record<string, string> = {
  foreignAssigneeOnCreate: 'createTicket',
  foreignNeighbourOnCreate: 'createTicket',
  foreignAssigneeOnUpdate: 'updateTicket',
  foreignColumnOnMove: 'moveTicket',
  foreignAfterColumn: 'createColumn',
  foreignReorderColumn: 'updateColumn',
  foreignDeliveryOnOwnWebhook: 'getWebhookDelivery',
};

function pickPermitted(r: Rng, all: Principal[], meta: OperationMeta): Principal | undefined {
  const ok = all.filter((p) => !meta.permission || can(p.role, meta.permission));
  return ok.length ? r.pick(ok) : undefined;
}

function verify(ctx: RunContext, attempt: Attempt, reply: Reply): string[] {
  const problems: string[] = [];
  const { plan: p, expected } = attempt;
  if (reply.status >= 500)
    ctx.stats.serverErrors.push(
      `${attempt.op} ${p.method} ${p.path} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
    );
  if (reply.status !== expected)
    problems.push(`expected ${expected}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
  const ok = reply.status >= 200 && reply.status < 300;
  if (!ok) {
    const b = reply.body ?? {};
    if (
      !reply.contentType.includes('application/problem+json') ||
      typeof b.code !== 'string' ||
      typeof b.requestId !== 'string' ||
      b.status !== reply.status
    ) {
      problems.push(
        `not problem+json with code and requestId: ${reply.contentType} ${JSON.stringify(b).slice(0, 300)}`,
      );
    }
  }
  const learnInto = ok && attempt.acting && attempt.allowed.size === 1 ? attempt.acting.id : undefined;
  const leaks = findLeaks(ctx.world, reply.body, { allowed: attempt.allowed, carried: carriedBy(p, []), learnInto });
  if (attempt.mode === 'foreignId' && ok && Array.isArray(reply.body?.data) && reply.body.data.length > 0)
    leaks.push(`a filter on another workspace's id returned ${reply.body.data.length} rows`);
  for (const leak of leaks) ctx.stats.leaks.push(`${attempt.mode} ${attempt.op} ${p.method} ${p.path}: ${leak}`);
  if (leaks.length) problems.push(`leaked ${leaks.join(', ')}`);
  if (ok && reply.status === expected && attempt.acting && p.check) {
    const wrong = p.check(reply.body);
    if (wrong) problems.push(`data differs from the model: ${wrong}`);
  }
  return problems;
}

async function execute(ctx: RunContext, attempt: Attempt): Promise<void> {
  const { stats } = ctx;
  const p = attempt.plan;
  const meta = ctx.operations.get(attempt.op)!;
  if (meta.method !== p.method || !meta.pattern.test(p.path))
    throw new Error(`plan for ${attempt.op} is ${p.method} ${p.path}, not the document's route`);
  attempt.users.forEach((u) => ctx.busy.add(u));
  try {
    const reply = await send(ctx.base, attempt.caller, p.method, p.path, p.body);
    stats.operations++;
    const byOp = (stats.byOperation[attempt.op] ??= {});
    byOp[attempt.mode] = (byOp[attempt.mode] ?? 0) + 1;
    if (attempt.mode === 'own' && reply.status < 300) byOp.ok = (byOp.ok ?? 0) + 1;
    stats.byMode[attempt.mode] = (stats.byMode[attempt.mode] ?? 0) + 1;
    stats.statuses[reply.status] = (stats.statuses[reply.status] ?? 0) + 1;
    if (['sessionHeader', 'tokenHeader', 'revokedToken'].includes(attempt.mode)) stats.foreignCredentialAttempts++;
    if (['foreignId', 'mixedId'].includes(attempt.mode)) stats.foreignIdAttempts++;
    const problems = verify(ctx, attempt, reply);
    if (problems.length) {
      stats.failures.push(
        `[seed ${ctx.seed}] ${attempt.mode} ${attempt.op} ${p.method} ${p.path} body=${JSON.stringify(p.body ?? null).slice(0, 300)} caller=${describe(attempt.caller)}: ${problems.join('; ')}`,
      );
      ctx.stop.now = true;
      return;
    }
    if (attempt.acting && reply.status === attempt.expected && reply.status < 300) {
      p.apply?.(reply.body);
      attempt.acting.audit += p.audit ?? (p.method === 'GET' ? 0 : 1);
      for (const type of EMITS[attempt.op] ?? []) emitted(attempt.acting, type);
    }
  } finally {
    attempt.users.forEach((u) => ctx.busy.delete(u));
  }
}

const describe = (c: Caller) =>
  [
    c.cookie ? 'session' : '',
    c.token ? `token ${c.token.slice(0, 12)}…` : '',
    c.workspace ? `x-tika-workspace=${c.workspace}` : '',
    c.workspaceCookie ? `tika_workspace=${c.workspaceCookie}` : '',
  ]
    .filter(Boolean)
    .join(' ');

/**
 * One lane: `count` operations over its own workspaces, drawn from its own PRNG stream. Every mulberry32 seed is a
 * shift of one sequence, so lane 0 must not take the setup's seed itself: it would replay the setup's draws and
 * mint a scratch workspace's marker equal to a built workspace's (a false leak, CI seed 377045417).
 */
export async function runLane(ctx: RunContext, lane: number, lanes: number, count: number): Promise<void> {
  const r = rng(ctx.seed + (lane + 1) * 7919);
  const mine = activeWorkspaces(ctx.world).filter((_, i) => i % lanes === lane);
  let done = 0;
  let idle = 0;
  while (done < count && !ctx.stop.now) {
    const op = weighted(r, WEIGHTS);
    const mode = weighted(r, MODES);
    const attempt = plan(
      ctx,
      r,
      mine.filter((w) => !w.deleted),
      op,
      mode,
    );
    if (!attempt || attempt.users.some((u) => ctx.busy.has(u))) {
      ctx.stats.skipped++;
      // Another lane holds every candidate user: let it finish.
      if (++idle % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    await execute(ctx, attempt);
    done++;
  }
}
