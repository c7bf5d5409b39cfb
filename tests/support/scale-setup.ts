import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/shared/permissions';
import { startPostgres, type Postgres } from './procs';
import { inBatches, send, signUpUser, type Caller, type Reply } from './scale-http';
import {
  addWorkspace,
  hookUrl,
  join,
  newWorkspace,
  own,
  unusedMarker,
  type Workspace,
  type World,
} from './scale-model';
import type { Rng } from './scale-prng';

// Builds the isolation-at-scale world through the public API of the production server: N workspaces, each with
// an owner, an admin, a member and a viewer (sessions), admin/member/viewer API tokens, two boards with columns,
// tickets (one archived, one assigned), comments by a person and by a token, invitations (pending, email-bound,
// revoked), a flag override and a webhook with a test delivery. Then the instance admin runs the due-date
// reminders once (the member's ticket due today and one overdue: two notices each), and setup waits until every
// notice exists and every test delivery is finished (the receiver answers 200), so that the run starts from a
// state the model knows. Every id the server hands out is recorded in the model as its workspace's.

/** The instance admin (TIKA_ADMIN_EMAILS of the backend): runs the reminders job from /api/admin/jobs. */
export const SCALE_ADMIN_EMAIL = 'scale-admin@example.test';

export type ScalePostgres = Postgres;

/** A throwaway PostgreSQL 15 (scripts/ci/postgres.sh; a free port unless given one), migrated as the owner role. */
export function startScalePostgres(port?: number): Promise<ScalePostgres> {
  return startPostgres({ port, prefix: 'iso-pg' });
}

export const ROLES_BELOW_OWNER = ['admin', 'member', 'viewer'] as const;

export async function must(
  base: string,
  caller: Caller,
  method: string,
  path: string,
  body: unknown,
  status: number,
): Promise<Reply> {
  const reply = await send(base, caller, method, path, body);
  if (reply.status !== status)
    throw new Error(
      `setup ${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 400)}`,
    );
  return reply;
}

/** A user signs up: their own sign-up workspace becomes part of the model (not one the run acts in, unless `active`). */
async function signUp(base: string, world: World, name: string, marker: string, active: boolean, email?: string) {
  email ??= `u-${randomBytes(8).toString('hex')}@example.test`;
  const user = await signUpUser(base, email, name);
  world.users.set(user.id, { id: user.id, email, name, cookie: user.cookie, history: new Set() });
  const ws = addWorkspace(world, newWorkspace(user.workspaceId, user.slug, `${name}'s workspace`, marker, active));
  join(world, ws, user.id, 'owner');
  return { ...user, ws };
}

export async function buildWorld(
  base: string,
  world: World,
  r: Rng,
  count: number,
  joiners: number,
): Promise<Workspace[]> {
  // Markers are drawn up front so that the same seed gives the same names whatever the interleaving.
  const markers = new Set<string>();
  while (markers.size < count) markers.add(unusedMarker(world, r));
  const built = await inBatches([...markers], 6, (marker, index) => buildWorkspace(base, world, marker, index));
  await inBatches(
    Array.from({ length: joiners }, (_, i) => i),
    6,
    (i) => signUp(base, world, `Joiner ${i}`, `zq${randomBytes(5).toString('hex')}`, false),
  );
  const admin = await signUp(
    base,
    world,
    'Instance admin',
    `zq${randomBytes(5).toString('hex')}`,
    false,
    SCALE_ADMIN_EMAIL,
  );
  await remindOnce(base, world, built, admin.cookie);
  await inBatches(built, 6, (ws) => finishTestDeliveries(base, world, ws));
  canonicalOrder(world, built);
  return built;
}

const ownerCaller = (world: World, ws: Workspace): Caller => ({
  cookie: world.users.get([...ws.members].find(([, role]) => role === 'owner')![0])!.cookie,
  workspace: ws.id,
});

/** Polls `probe` until it returns a value (bounded): setup waits for the job worker, the run does not. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 180): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`setup: ${what} did not happen within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The due-date reminders, run once by the instance admin (their schedule is off in this backend, so no other run
 * adds notices while the model is not looking): each member is told about their ticket due today and the overdue
 * one. The notices are in the model once they are all there.
 */
async function remindOnce(base: string, world: World, built: Workspace[], adminCookie: string): Promise<void> {
  const run = await fetch(`${base}/api/admin/jobs`, {
    method: 'POST',
    headers: { origin: base, cookie: adminCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'run', job: 'reminders.due-dates' }),
  });
  if (!run.ok) throw new Error(`setup: running the reminders job: ${run.status} ${await run.text()}`);
  await inBatches(built, 6, async (ws) => {
    const member = [...ws.members].find(([, role]) => role === 'member')![0];
    const caller = { cookie: world.users.get(member)!.cookie, workspace: ws.id };
    const notices = await until(`the reminders of ${ws.id}`, async () => {
      const page = await must(base, caller, 'GET', '/notifications?limit=100', undefined, 200);
      return page.body.data.length >= 2 ? (page.body.data as { id: string }[]) : undefined;
    });
    for (const n of notices) {
      own(world, ws.id, n.id);
      ws.notices.set(n.id, { id: n.id, userId: member, read: false });
    }
  });
}

/** Every test delivery of setup delivered (or failed): finished, so that the run can redeliver it. */
async function finishTestDeliveries(base: string, world: World, ws: Workspace): Promise<void> {
  for (const delivery of ws.deliveries.values()) {
    await until(`delivery ${delivery.id} of ${ws.id}`, async () => {
      const reply = await must(
        base,
        ownerCaller(world, ws),
        'GET',
        `/webhooks/${delivery.webhookId}/deliveries/${delivery.id}`,
        undefined,
        200,
      );
      return reply.body.status === 'pending' ? undefined : true;
    });
    delivery.finished = true;
  }
}

/**
 * Setup runs in parallel, so the model's maps fill in whatever order the server answered. The run picks by
 * position in them, so they are put in an order that only depends on the seed: the run's workspaces as built,
 * then the others and the users by their (seed-derived or numbered) names.
 */
function canonicalOrder(world: World, built: Workspace[]): void {
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  const rest = [...world.workspaces.values()].filter((w) => !built.includes(w)).sort(byName);
  const users = [...world.users.values()].sort(byName);
  world.workspaces = new Map([...built, ...rest].map((w) => [w.id, w]));
  world.users = new Map(users.map((u) => [u.id, u]));
}

async function buildWorkspace(base: string, world: World, marker: string, index: number): Promise<Workspace> {
  // People's names carry no marker: a person may join other workspaces, where their name is rightly visible.
  const owner = await signUp(base, world, `Owner ${index}`, marker, true);
  const ws = owner.ws;
  const asOwner: Caller = { cookie: owner.cookie, workspace: ws.id };
  const renamed = await must(base, asOwner, 'PATCH', '/workspace', { name: `${marker} workspace ${index}` }, 200);
  ws.name = renamed.body.name;
  // The other roles: people with sign-up workspaces of their own, invited and accepted.
  // The three sign-ups run side by side; the model takes them in role order so that a seed replays the same picks.
  const joined = await Promise.all(
    ROLES_BELOW_OWNER.map(async (role) => {
      const person = await signUp(base, world, `Person ${role} ${index}`, `zq${randomBytes(5).toString('hex')}`, false);
      const invitation = await must(base, asOwner, 'POST', '/invitations', { role }, 201);
      await must(base, { cookie: person.cookie }, 'POST', '/invitations/accept', { token: invitation.body.token }, 200);
      return { role, person, invitation: invitation.body };
    }),
  );
  const people: Record<string, string> = {};
  for (const { role, person, invitation } of joined) {
    own(world, ws.id, invitation.id, invitation.token);
    ws.invitations.set(invitation.id, {
      id: invitation.id,
      secret: invitation.token,
      role,
      email: null,
      status: 'accepted',
    });
    join(world, ws, person.id, role as Role);
    people[role] = person.id;
  }
  // In role order, so that the model's token order does not depend on which request finished first.
  const tokens = await Promise.all(
    ROLES_BELOW_OWNER.map((role) =>
      must(base, asOwner, 'POST', '/tokens', { name: `${marker} ${role} token`, role }, 201),
    ),
  );
  tokens.forEach((token, i) => {
    own(world, ws.id, token.body.id, token.body.token);
    ws.tokens.set(token.body.id, {
      id: token.body.id,
      secret: token.body.token,
      role: ROLES_BELOW_OWNER[i]!,
      revoked: false,
      createdBy: owner.id,
    });
  });
  for (const b of [1, 2]) {
    const board = await must(
      base,
      asOwner,
      'POST',
      '/boards',
      { name: `${marker} board ${b}`, columns: [`${marker} todo`, `${marker} doing`, `${marker} done`] },
      201,
    );
    own(world, ws.id, board.body.id);
    ws.boards.set(board.body.id, { id: board.body.id, name: board.body.name, archived: false });
    for (const c of board.body.columns) {
      own(world, ws.id, c.id);
      ws.columns.set(c.id, { id: c.id, boardId: board.body.id, name: c.name, wipLimit: null });
    }
    const firstColumn = board.body.columns[0].id;
    // The member's ticket on board 1 is due today, the one on board 2 overdue: reminders for them (remindOnce).
    const dueDate = dayOffset(b === 1 ? 0 : -1);
    for (const n of [1, 2, 3]) {
      const ticket = await must(
        base,
        asOwner,
        'POST',
        '/tickets',
        {
          columnId: firstColumn,
          title: `${marker} ticket ${b}.${n}`,
          description: `${marker} confidential`,
          assigneeId: n === 1 ? people.member : undefined,
          dueDate: n === 1 ? dueDate : undefined,
        },
        201,
      );
      own(world, ws.id, ticket.body.id);
      ws.tickets.set(ticket.body.id, {
        id: ticket.body.id,
        boardId: board.body.id,
        columnId: firstColumn,
        title: ticket.body.title,
        version: 1,
        archived: false,
        assigneeId: ticket.body.assigneeId,
      });
    }
  }
  const [first, , third] = [...ws.tickets.values()];
  const archived = await must(base, asOwner, 'POST', `/tickets/${third!.id}/archive`, { version: 1 }, 200);
  Object.assign(third!, { archived: true, version: archived.body.version });
  const memberCaller: Caller = { cookie: world.users.get(people.member!)!.cookie, workspace: ws.id };
  const memberToken = [...ws.tokens.values()].find((t) => t.role === 'member')!;
  for (const caller of [memberCaller, { token: memberToken.secret }]) {
    const comment = await must(
      base,
      caller,
      'POST',
      `/tickets/${first!.id}/comments`,
      { body: `${marker} private comment` },
      201,
    );
    own(world, ws.id, comment.body.id);
    ws.comments.set(comment.body.id, {
      id: comment.body.id,
      ticketId: first!.id,
      authorId: comment.body.authorId,
      authorTokenId: comment.body.authorTokenId,
    });
  }
  const bound = `${marker}-invitee@example.test`;
  for (const [body, status] of [
    [{ role: 'member', email: bound }, 'pending'],
    [{ role: 'viewer' }, 'pending'],
    [{ role: 'member' }, 'revoked'],
  ] as const) {
    const invitation = await must(base, asOwner, 'POST', '/invitations', body, 201);
    own(world, ws.id, invitation.body.id, invitation.body.token);
    ws.invitations.set(invitation.body.id, {
      id: invitation.body.id,
      secret: invitation.body.token,
      role: body.role,
      email: invitation.body.email,
      status: 'pending',
    });
    if (status === 'revoked') {
      await must(base, asOwner, 'POST', `/invitations/${invitation.body.id}/revoke`, undefined, 200);
      ws.invitations.get(invitation.body.id)!.status = 'revoked';
    }
  }
  own(world, ws.id, bound);
  await must(base, asOwner, 'PUT', '/flags', { overrides: { KANBAN_SWIMLANES: true } }, 200);
  ws.flags.set('KANBAN_SWIMLANES', true);
  // Last, so that nothing above is delivered to it: a webhook, and one test event (finished before the run).
  const url = hookUrl(world, ws, { hex: (n) => randomBytes(n).toString('hex').slice(0, n) });
  const events = SETUP_EVENTS[index % SETUP_EVENTS.length]!;
  const hook = await must(
    base,
    asOwner,
    'POST',
    '/webhooks',
    { url, events, description: `${marker} setup hook` },
    201,
  );
  own(world, ws.id, hook.body.id, hook.body.secret, hook.body.secretPrefix);
  ws.webhooks.set(hook.body.id, {
    id: hook.body.id,
    url,
    description: `${marker} setup hook`,
    events: hook.body.events,
    enabled: true,
    secretPrefix: hook.body.secretPrefix,
    deliveries: 1,
  });
  const test = await must(base, asOwner, 'POST', `/webhooks/${hook.body.id}/test`, undefined, 201);
  own(world, ws.id, test.body.id);
  ws.deliveries.set(test.body.id, { id: test.body.id, webhookId: hook.body.id, finished: false });
  return ws;
}

const SETUP_EVENTS = [['*'], ['ticket.*', 'comment.*'], ['board.*', 'column.*', 'member.*'], ['ticket.created']];

/** A date (YYYY-MM-DD, UTC: the reminders' JOBS_TIMEZONE) `days` from today. */
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
