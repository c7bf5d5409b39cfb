import type { Role } from '../../src/shared/permissions';
import { canAssignRole, canIssueTokenWithRole, canManageMember, can } from '../../src/modules/access';
import type { Caller } from './scale-http';
import {
  addWorkspace,
  hookUrl,
  join,
  newWorkspace,
  own,
  revokeTokensOf,
  tokensAbove,
  unusedMarker,
  type Column,
  type Delivery,
  type Ticket,
  type Token,
  type Webhook,
  type Workspace,
  type World,
} from './scale-model';
import type { Rng } from './scale-prng';

// One builder per /api/v1 operation. A builder looks at the model of a workspace and at who is asking, and
// plans a request that makes sense there: the path and body, the status the model predicts for the role, a check
// of the data that comes back, and how the model changes when it succeeds. The runner (isolation-scale.test.ts)
// sends the plan as planned, or with another workspace's credentials, or another workspace's ids.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Principal {
  caller: Caller;
  role: Role;
  kind: 'session' | 'token';
  /** The user id (session) or token id (token). */
  actorId: string;
  /** A token's creator: the person it acts for. */
  forUser?: string;
}

export interface Plan {
  method: string;
  path: string;
  body?: unknown;
  /** The request names resources of its workspace (path, body or filter): only such a request makes a foreign-id attempt. */
  refers: boolean;
  /** People only: an API token holding the permission still gets 403. */
  sessionOnly?: boolean;
  /** Status the model predicts for a caller whose role holds the operation's permission. */
  status: number;
  /** Problems with the data of a successful own-workspace answer. */
  check?(body: Json): string | undefined;
  /** How the model changes when the call succeeds. */
  apply?(body: Json): void;
  /** Audit rows a success writes in the workspace (default: 1 for a change, 0 for a read). */
  audit?: number;
  /** For another workspace's caller this is a filter: 200 with no data, instead of 404. */
  foreign?: 'empty';
  /** A user the operation acts on: locked while it runs, and never a member of an attacker's workspace. */
  targetsUser?: string;
  /** Workspaces (besides the acting one) whose data a success may show. */
  alsoAllowed?: string[];
  /** Sent with this user's session instead of the principal's (the invitee accepting). */
  asUser?: string;
  /** The workspace header names this workspace instead of the acting one (the owner deleting a scratch workspace). */
  viaWorkspace?: string;
  /** The caller's role in `viaWorkspace`. */
  roleThere?: Role;
  carried: string[];
}

export interface G {
  world: World;
  r: Rng;
  ws: Workspace;
  who: Principal;
  /** Users other lanes are using right now. */
  busy: Set<string>;
}

export type Builder = (g: G) => Plan | undefined;

const pickOf = <T>(r: Rng, items: Iterable<T>): T | undefined => {
  const list = [...items];
  return list.length ? r.pick(list) : undefined;
};

const sameSet = (what: string, got: string[], want: string[]): string | undefined => {
  const g = [...new Set(got)].sort();
  const w = [...new Set(want)].sort();
  if (got.length !== g.length) return `${what}: duplicate ids in the answer`;
  if (JSON.stringify(g) === JSON.stringify(w)) return undefined;
  const extra = g.filter((id) => !w.includes(id));
  const missing = w.filter((id) => !g.includes(id));
  return `${what}: extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing)}`;
};

const activeIn = (ws: Workspace, columnId: string) =>
  [...ws.tickets.values()].filter((t) => t.columnId === columnId && !t.archived);
const hasRoom = (ws: Workspace, column: Column) =>
  column.wipLimit === null || activeIn(ws, column.id).length < column.wipLimit;
const columnsOf = (ws: Workspace, boardId: string) => [...ws.columns.values()].filter((c) => c.boardId === boardId);
/** The person a principal acts for: the session's user, or the token's creator (issue #12). */
const userOf = (p: Principal) => (p.kind === 'session' ? p.actorId : (p.forUser ?? null));
const title = (ws: Workspace, r: Rng, what: string) => `${ws.marker} ${what} ${r.hex(6)}`;

function deleteTicketFromModel(ws: Workspace, id: string): void {
  ws.tickets.delete(id);
  for (const c of [...ws.comments.values()]) if (c.ticketId === id) ws.comments.delete(c.id);
}

const liveTokensOf = (ws: Workspace, userId: string) =>
  [...ws.tokens.values()].filter((t) => t.createdBy === userId && !t.revoked).length;

function removeUserFromModel(ws: Workspace, userId: string): void {
  ws.members.delete(userId);
  // A member's notices go with their membership (notifications_member_fk … on delete cascade).
  for (const n of [...ws.notices.values()]) if (n.userId === userId) ws.notices.delete(n.id);
  revokeTokensOf(ws, userId);
  for (const t of ws.tickets.values()) {
    if (t.assigneeId === userId) {
      t.assigneeId = null;
      t.version++;
    }
  }
}

const ticketFields = (t: Ticket, body: Json): string | undefined => {
  const want = {
    id: t.id,
    boardId: t.boardId,
    columnId: t.columnId,
    title: t.title,
    version: t.version,
    archived: t.archived,
    assigneeId: t.assigneeId,
  };
  const got = {
    id: body.id,
    boardId: body.boardId,
    columnId: body.columnId,
    title: body.title,
    version: body.version,
    archived: body.archivedAt !== null,
    assigneeId: body.assigneeId,
  };
  return JSON.stringify(got) === JSON.stringify(want)
    ? undefined
    : `ticket ${JSON.stringify(got)} ≠ model ${JSON.stringify(want)}`;
};

const list = (body: Json): Json[] => (Array.isArray(body?.data) ? body.data : []);

export const builders: Record<string, Builder> = {
  // ── workspaces ────────────────────────────────────────────────────────────────────────────────────────────
  getMe: ({ world, who }) => {
    if (who.kind !== 'session') return { method: 'GET', path: '/me', refers: false, status: 401, carried: [] };
    const user = world.users.get(who.actorId)!;
    const mine = [...world.workspaces.values()].filter((w) => !w.deleted && w.members.has(user.id));
    return {
      method: 'GET',
      path: '/me',
      refers: false,
      status: 200,
      carried: [],
      alsoAllowed: mine.map((w) => w.id),
      check: (body) =>
        sameSet(
          'me.workspaces',
          list({ data: body.workspaces }).map((w: Json) => `${w.id}:${w.role}`),
          mine.map((w) => `${w.id}:${w.members.get(user.id)}`),
        ) ?? (body.user.id === user.id ? undefined : `me is ${body.user.id}, not ${user.id}`),
    };
  },
  createWorkspace: ({ world, r, who }) => {
    const marker = unusedMarker(world, r);
    return {
      method: 'POST',
      path: '/workspaces',
      body: { name: `${marker} scratch` },
      refers: false,
      status: who.kind === 'session' ? 201 : 401,
      carried: [],
      audit: 0,
      alsoAllowed: who.kind === 'session' ? [...world.users.get(who.actorId)!.history] : [],
      apply: (body) => {
        const ws = addWorkspace(world, newWorkspace(body.id, body.slug, body.name, marker, false));
        join(world, ws, who.actorId, 'owner');
        ws.audit = 2; // the workspace and its owner's membership
      },
      check: (body) => (body.name === `${marker} scratch` ? undefined : `created workspace named ${body.name}`),
    };
  },
  getWorkspace: ({ ws }) => ({
    method: 'GET',
    path: '/workspace',
    refers: false,
    status: 200,
    carried: [],
    check: (body) =>
      body.id === ws.id && body.slug === ws.slug && body.name === ws.name
        ? undefined
        : `workspace ${JSON.stringify(body)} ≠ model ${ws.id} ${ws.slug} ${ws.name}`,
  }),
  updateWorkspace: ({ world, ws, r }) => {
    const body = r.chance(0.3) ? { slug: `s-${r.hex(12)}` } : { name: title(ws, r, 'workspace') };
    return {
      method: 'PATCH',
      path: '/workspace',
      body,
      refers: false,
      status: 200,
      carried: [],
      apply: (b) => {
        Object.assign(ws, { name: b.name, slug: b.slug });
        own(world, ws.id, b.slug);
      },
      check: (b) => (b.id === ws.id ? undefined : `updated workspace ${b.id}`),
    };
  },
  deleteWorkspace: ({ world, ws, r, who }) => {
    // The run's workspaces are kept: the owner's mistyped confirmation is refused (422); scratch workspaces go.
    const scratch =
      who.kind === 'session'
        ? pickOf(
            r,
            [...world.workspaces.values()].filter(
              (w) => !w.active && !w.deleted && w.members.get(who.actorId) === 'owner' && w.name.endsWith(' scratch'),
            ),
          )
        : undefined;
    if (scratch && r.chance(0.7)) {
      return {
        method: 'DELETE',
        path: '/workspace',
        body: { confirm: scratch.slug },
        refers: false,
        status: 204,
        carried: [],
        audit: 0,
        alsoAllowed: [scratch.id],
        viaWorkspace: scratch.id,
        roleThere: 'owner',
        apply: () => {
          scratch.deleted = true;
          scratch.audit++; // the deletion's own audit row outlives the workspace
          scratch.members.clear();
          scratch.flags.clear();
        },
      };
    }
    return {
      method: 'DELETE',
      path: '/workspace',
      body: { confirm: `not-${ws.slug}` },
      refers: false,
      status: 422,
      carried: [],
    };
  },

  // ── members ───────────────────────────────────────────────────────────────────────────────────────────────
  listMembers: ({ ws }) => ({
    method: 'GET',
    path: '/members',
    refers: false,
    status: 200,
    carried: [],
    check: (body) =>
      sameSet(
        'members',
        list(body).map((m) => `${m.userId}:${m.role}`),
        [...ws.members].map(([id, role]) => `${id}:${role}`),
      ),
  }),
  changeMemberRole: ({ ws, r, who, busy }) => {
    const target = pickOf(
      r,
      [...ws.members.keys()].filter((id) => !busy.has(id)),
    );
    if (!target) return undefined;
    const role = r.pick(['admin', 'member', 'viewer', 'viewer', 'member', 'owner'] as Role[]);
    const subject = ws.members.get(target)!;
    const status =
      userOf(who) === target || !canManageMember(who.role, subject) || !canAssignRole(who.role, role) ? 403 : 200;
    const lowered = tokensAbove(ws, target, role);
    return {
      method: 'PATCH',
      path: `/members/${target}`,
      body: { role },
      refers: true,
      status,
      carried: [target],
      targetsUser: target,
      // The role change, and one row per token of theirs lowered to the new role.
      audit: 1 + lowered.length,
      apply: () => {
        ws.members.set(target, role);
        for (const token of lowered) token.role = role as Token['role'];
      },
      check: (b) => (b.userId === target && b.role === role ? undefined : `role change answered ${JSON.stringify(b)}`),
    };
  },
  removeMember: ({ ws, r, who, busy }) => {
    const target = pickOf(
      r,
      [...ws.members.keys()].filter((id) => !busy.has(id)),
    );
    if (!target) return undefined;
    const status = userOf(who) === target || !canManageMember(who.role, ws.members.get(target)!) ? 403 : 204;
    return {
      method: 'DELETE',
      path: `/members/${target}`,
      refers: true,
      status,
      carried: [target],
      targetsUser: target,
      audit: 1 + liveTokensOf(ws, target),
      apply: () => removeUserFromModel(ws, target),
    };
  },
  leaveWorkspace: ({ ws, who }) => ({
    method: 'POST',
    path: '/workspace/leave',
    refers: false,
    status: 204,
    sessionOnly: true,
    carried: [],
    audit: 1 + liveTokensOf(ws, who.actorId),
    apply: () => removeUserFromModel(ws, who.actorId),
  }),
  transferOwnership: ({ ws, r, who, busy }) => {
    const target = pickOf(
      r,
      [...ws.members.keys()].filter((id) => !busy.has(id)),
    );
    if (!target) return undefined;
    return {
      method: 'POST',
      path: '/workspace/transfer-ownership',
      body: { userId: target },
      refers: true,
      sessionOnly: true,
      status: target === who.actorId ? 409 : 204,
      carried: [target],
      targetsUser: target,
      apply: () => {
        ws.members.set(who.actorId, 'admin');
        ws.members.set(target, 'owner');
      },
    };
  },

  // ── invitations ───────────────────────────────────────────────────────────────────────────────────────────
  listInvitations: ({ ws }) => ({
    method: 'GET',
    path: '/invitations',
    refers: false,
    status: 200,
    carried: [],
    check: (body) =>
      sameSet(
        'invitations',
        list(body).map((i) => `${i.id}:${i.status}`),
        [...ws.invitations.values()].map((i) => `${i.id}:${i.status}`),
      ),
  }),
  createInvitation: ({ world, ws, r, who }) => {
    const role = r.pick(['admin', 'member', 'viewer', 'viewer'] as const);
    const email = r.chance(0.3) ? `${ws.marker}-${r.hex(6)}@example.test` : undefined;
    return {
      method: 'POST',
      path: '/invitations',
      body: { role, ...(email ? { email } : {}) },
      refers: false,
      status: canAssignRole(who.role, role) ? 201 : 403,
      carried: email ? [email] : [],
      apply: (b) => {
        own(world, ws.id, b.id, b.token, email);
        ws.invitations.set(b.id, { id: b.id, secret: b.token, role, email: email ?? null, status: 'pending' });
      },
      check: (b) => (b.role === role && b.status === 'pending' ? undefined : `invitation ${JSON.stringify(b)}`),
    };
  },
  revokeInvitation: ({ ws, r }) => {
    const invitation = pickOf(r, ws.invitations.values());
    if (!invitation) return undefined;
    return {
      method: 'POST',
      path: `/invitations/${invitation.id}/revoke`,
      refers: true,
      status: invitation.status === 'pending' ? 200 : 409,
      carried: [invitation.id],
      apply: () => (invitation.status = 'revoked'),
      check: (b) => (b.id === invitation.id && b.status === 'revoked' ? undefined : `revoked ${JSON.stringify(b)}`),
    };
  },
  previewInvitation: ({ ws, r, who }) => {
    // What a link leads to, asked by a member of the workspace that made it (session only, like accepting): a bound
    // invitation names another address, so it is a 403 before anything is told; otherwise its state, and no Accept.
    const invitation = pickOf(r, ws.invitations.values());
    if (!invitation) return undefined;
    const request = { method: 'POST' as const, path: '/invitations/preview', body: { token: invitation.secret } };
    if (who.kind !== 'session') return { ...request, refers: false, status: 401, carried: [invitation.secret] };
    return {
      ...request,
      refers: false,
      status: invitation.email ? 403 : 200,
      carried: [invitation.secret],
      audit: 0,
      check: (b) =>
        b.role === invitation.role &&
        b.status === invitation.status &&
        b.canAccept === false &&
        b.reason === 'already-member'
          ? undefined
          : `preview ${JSON.stringify(b)}`,
    };
  },
  acceptInvitation: ({ world, ws, r, who, busy }) => {
    // The invitee is someone not in the workspace: usually a joiner (a person with no workspace in the run).
    if (who.kind !== 'session') {
      const invitation = pickOf(r, ws.invitations.values());
      return (
        invitation && {
          method: 'POST',
          path: '/invitations/accept',
          body: { token: invitation.secret },
          refers: false,
          status: 401,
          carried: [invitation.secret],
        }
      );
    }
    const invitee = pickOf(
      r,
      [...world.users.values()].filter(
        (u) => !ws.members.has(u.id) && !busy.has(u.id) && (u.name.startsWith('Joiner') || r.chance(0.1)),
      ),
    );
    const invitation = pickOf(r, ws.invitations.values());
    if (!invitee || !invitation) return undefined;
    const status = invitation.status !== 'pending' ? 409 : invitation.email ? 403 : 200;
    return {
      method: 'POST',
      path: '/invitations/accept',
      body: { token: invitation.secret },
      refers: false,
      status,
      carried: [invitation.secret],
      targetsUser: invitee.id,
      asUser: invitee.id,
      alsoAllowed: [...invitee.history],
      apply: () => {
        invitation.status = 'accepted';
        join(world, ws, invitee.id, invitation.role);
      },
      check: (b) =>
        b.workspace.id === ws.id && b.role === invitation.role ? undefined : `accepted into ${JSON.stringify(b)}`,
    };
  },

  // ── API tokens ────────────────────────────────────────────────────────────────────────────────────────────
  listApiTokens: ({ ws }) => ({
    method: 'GET',
    path: '/tokens',
    refers: false,
    status: 200,
    carried: [],
    check: (body) =>
      sameSet(
        'tokens',
        list(body).map((t) => `${t.id}:${t.revokedAt !== null}`),
        [...ws.tokens.values()].map((t) => `${t.id}:${t.revoked}`),
      ),
  }),
  createApiToken: ({ world, ws, r, who }) => {
    const role = r.pick(['admin', 'member', 'viewer'] as const);
    return {
      method: 'POST',
      path: '/tokens',
      body: { name: title(ws, r, 'token'), role },
      refers: false,
      sessionOnly: true,
      status: canIssueTokenWithRole(who.role, role) ? 201 : 403,
      carried: [],
      apply: (b) => {
        own(world, ws.id, b.id, b.token);
        ws.tokens.set(b.id, { id: b.id, secret: b.token, role, revoked: false, createdBy: who.actorId });
      },
      check: (b) => (b.role === role && typeof b.token === 'string' ? undefined : `token ${JSON.stringify(b)}`),
    };
  },
  revokeApiToken: ({ ws, r }) => {
    const token = pickOf(r, ws.tokens.values());
    if (!token) return undefined;
    return {
      method: 'DELETE',
      path: `/tokens/${token.id}`,
      refers: true,
      status: token.revoked ? 409 : 200,
      carried: [token.id],
      apply: () => (token.revoked = true),
      check: (b) => (b.id === token.id && b.revokedAt !== null ? undefined : `revoked token ${JSON.stringify(b)}`),
    };
  },

  // ── boards and columns ────────────────────────────────────────────────────────────────────────────────────
  listBoards: ({ ws, r }) => {
    const includeArchived = r.chance(0.5);
    return {
      method: 'GET',
      path: `/boards?includeArchived=${includeArchived}`,
      refers: false,
      status: 200,
      carried: [],
      check: (body) =>
        sameSet(
          'boards',
          list(body).map((b) => b.id),
          [...ws.boards.values()].filter((b) => includeArchived || !b.archived).map((b) => b.id),
        ),
    };
  },
  createBoard: ({ world, ws, r }) => {
    const names = Array.from({ length: 1 + r.int(3) }, (_, i) => `${ws.marker} col ${i}`);
    return {
      method: 'POST',
      path: '/boards',
      body: { name: title(ws, r, 'board'), columns: names },
      refers: false,
      status: 201,
      carried: [],
      apply: (b) => {
        own(world, ws.id, b.id);
        ws.boards.set(b.id, { id: b.id, name: b.name, archived: false });
        for (const c of b.columns) {
          own(world, ws.id, c.id);
          ws.columns.set(c.id, { id: c.id, boardId: b.id, name: c.name, wipLimit: null });
        }
      },
      check: (b) => (b.columns.length === names.length ? undefined : `board came with ${b.columns.length} columns`),
    };
  },
  getBoard: ({ ws, r }) => {
    const board = pickOf(r, ws.boards.values());
    if (!board) return undefined;
    return {
      method: 'GET',
      path: `/boards/${board.id}?perColumn=200`,
      refers: true,
      status: 200,
      carried: [board.id],
      check: (body) => {
        if (body.board.id !== board.id) return `board ${body.board.id} for ${board.id}`;
        const columns = body.columns as Json[];
        const problem = sameSet(
          'board columns',
          columns.map((c) => c.id),
          columnsOf(ws, board.id).map((c) => c.id),
        );
        if (problem) return problem;
        for (const column of columns) {
          const want = activeIn(ws, column.id);
          if (column.ticketCount !== want.length)
            return `column ${column.id} counts ${column.ticketCount}, model ${want.length}`;
          const p = sameSet(
            `column ${column.id} tickets`,
            column.tickets.map((t: Json) => `${t.id}:${t.version}`),
            want.map((t) => `${t.id}:${t.version}`),
          );
          if (p) return p;
        }
        return undefined;
      },
    };
  },
  updateBoard: ({ ws, r }) => {
    const board = pickOf(r, ws.boards.values());
    if (!board) return undefined;
    const body = r.chance(0.5) ? { archived: !board.archived } : { name: title(ws, r, 'board') };
    return {
      method: 'PATCH',
      path: `/boards/${board.id}`,
      body,
      refers: true,
      status: 200,
      carried: [board.id],
      apply: (b) => Object.assign(board, { name: b.name, archived: b.archivedAt !== null }),
      check: (b) => (b.id === board.id ? undefined : `updated board ${b.id}`),
    };
  },
  deleteBoard: ({ ws, r }) => {
    const board = pickOf(r, ws.boards.values());
    if (!board || ws.boards.size < 2) return undefined;
    return {
      method: 'DELETE',
      path: `/boards/${board.id}`,
      refers: true,
      status: 204,
      carried: [board.id],
      apply: () => {
        ws.boards.delete(board.id);
        for (const c of columnsOf(ws, board.id)) ws.columns.delete(c.id);
        for (const t of [...ws.tickets.values()]) if (t.boardId === board.id) deleteTicketFromModel(ws, t.id);
      },
    };
  },
  createColumn: ({ world, ws, r }) => {
    const board = pickOf(r, ws.boards.values());
    if (!board) return undefined;
    const after = r.chance(0.5) ? pickOf(r, columnsOf(ws, board.id)) : undefined;
    return {
      method: 'POST',
      path: `/boards/${board.id}/columns`,
      body: { name: title(ws, r, 'column'), ...(after ? { afterColumnId: after.id } : {}) },
      refers: true,
      status: 201,
      carried: [board.id],
      apply: (b) => {
        own(world, ws.id, b.id);
        ws.columns.set(b.id, { id: b.id, boardId: board.id, name: b.name, wipLimit: null });
      },
      check: (b) => (b.boardId === board.id ? undefined : `column on board ${b.boardId}`),
    };
  },
  updateColumn: ({ ws, r }) => {
    const column = pickOf(r, ws.columns.values());
    if (!column) return undefined;
    // WIP limits at or just above the column's load, so that creates, moves and restores run into them.
    const load = activeIn(ws, column.id).length;
    const body = r.chance(0.5)
      ? { name: title(ws, r, 'column') }
      : { wipLimit: r.pick([null, null, Math.max(1, load), load + 1, load + 2, 100]) };
    return {
      method: 'PATCH',
      path: `/columns/${column.id}`,
      body,
      refers: true,
      status: 200,
      carried: [column.id],
      apply: (b) => Object.assign(column, { name: b.name, wipLimit: b.wipLimit }),
      check: (b) =>
        b.id === column.id && b.ticketCount === load ? undefined : `column ${JSON.stringify(b)}, model load ${load}`,
    };
  },
  deleteColumn: ({ ws, r }) => {
    const column = pickOf(r, ws.columns.values());
    if (!column) return undefined;
    const any = [...ws.tickets.values()].some((t) => t.columnId === column.id);
    return {
      method: 'DELETE',
      path: `/columns/${column.id}`,
      refers: true,
      status: any ? 409 : 204,
      carried: [column.id],
      apply: () => ws.columns.delete(column.id),
    };
  },

  // ── tickets ───────────────────────────────────────────────────────────────────────────────────────────────
  listTickets: ({ ws, r }) => {
    const tickets = [...ws.tickets.values()];
    const board = pickOf(r, ws.boards.values());
    const column = pickOf(r, ws.columns.values());
    const assignee = pickOf(r, ws.members.keys());
    const variants: [Record<string, string>, (t: Ticket) => boolean][] = [];
    if (board)
      variants.push(
        [{ boardId: board.id }, (t) => t.boardId === board.id && !t.archived],
        [{ boardId: board.id, archived: 'true' }, (t) => t.boardId === board.id && t.archived],
      );
    if (column) variants.push([{ columnId: column.id }, (t) => t.columnId === column.id && !t.archived]);
    if (assignee) variants.push([{ assigneeId: assignee }, (t) => t.assigneeId === assignee && !t.archived]);
    variants.push([{ q: ws.marker }, (t) => !t.archived]);
    const [query, wanted] = r.pick(variants);
    return {
      method: 'GET',
      path: `/tickets?limit=200&${new URLSearchParams(query)}`,
      refers: true,
      foreign: 'empty',
      status: 200,
      carried: Object.values(query),
      // A person in both workspaces is legitimately assigned in each: such a filter proves nothing across them.
      targetsUser: query.assigneeId,
      check: (body) => {
        const got = list(body).map((t) => t.id);
        const want = tickets.filter(wanted).map((t) => t.id);
        if (body.nextCursor === null) return sameSet(`tickets ${JSON.stringify(query)}`, got, want);
        const stray = got.filter((id) => !want.includes(id));
        return stray.length ? `tickets ${JSON.stringify(query)}: stray ${stray.join(', ')}` : undefined;
      },
    };
  },
  createTicket: ({ world, ws, r }) => {
    const column = pickOf(r, ws.columns.values());
    if (!column) return undefined;
    const assigneeId = r.chance(0.3) ? pickOf(r, ws.members.keys()) : undefined;
    const after = r.chance(0.3) ? pickOf(r, activeIn(ws, column.id)) : undefined;
    const body = {
      columnId: column.id,
      title: title(ws, r, 'ticket'),
      description: `${ws.marker} details`,
      ...(assigneeId ? { assigneeId } : {}),
      ...(after ? { afterId: after.id } : {}),
    };
    return {
      method: 'POST',
      path: '/tickets',
      body,
      refers: true,
      status: hasRoom(ws, column) ? 201 : 409,
      carried: [column.id],
      apply: (b) => {
        own(world, ws.id, b.id);
        ws.tickets.set(b.id, {
          id: b.id,
          boardId: column.boardId,
          columnId: column.id,
          title: body.title,
          version: 1,
          archived: false,
          assigneeId: assigneeId ?? null,
        });
      },
      check: (b) =>
        ticketFields(
          {
            id: b.id,
            boardId: column.boardId,
            columnId: column.id,
            title: body.title,
            version: 1,
            archived: false,
            assigneeId: assigneeId ?? null,
          },
          b,
        ),
    };
  },
  getTicket: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'GET',
      path: `/tickets/${ticket.id}`,
      refers: true,
      status: 200,
      carried: [ticket.id],
      check: (b) => ticketFields(ticket, b),
    };
  },
  updateTicket: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    const stale = r.chance(0.1) && ticket.version > 1;
    const change = r.chance(0.5)
      ? { title: title(ws, r, 'ticket') }
      : { assigneeId: r.chance(0.3) ? null : (pickOf(r, ws.members.keys()) ?? null) };
    return {
      method: 'PATCH',
      path: `/tickets/${ticket.id}`,
      body: { version: stale ? ticket.version - 1 : ticket.version, ...change },
      refers: true,
      status: stale ? 409 : 200,
      carried: [ticket.id],
      apply: () => Object.assign(ticket, change, { version: ticket.version + 1 }),
      check: (b) => ticketFields({ ...ticket, ...change, version: ticket.version + 1 }, b),
    };
  },
  moveTicket: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    const target = pickOf(r, columnsOf(ws, ticket.boardId));
    if (!target) return undefined;
    const after = r.chance(0.3)
      ? pickOf(
          r,
          activeIn(ws, target.id).filter((t) => t.id !== ticket.id),
        )
      : undefined;
    const status = ticket.archived ? 409 : target.id !== ticket.columnId && !hasRoom(ws, target) ? 409 : 200;
    return {
      method: 'POST',
      path: `/tickets/${ticket.id}/move`,
      body: { version: ticket.version, columnId: target.id, ...(after ? { afterId: after.id } : {}) },
      refers: true,
      status,
      carried: [ticket.id, target.id],
      apply: () => Object.assign(ticket, { columnId: target.id, version: ticket.version + 1 }),
      check: (b) => ticketFields({ ...ticket, columnId: target.id, version: ticket.version + 1 }, b),
    };
  },
  archiveTicket: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'POST',
      path: `/tickets/${ticket.id}/archive`,
      body: { version: ticket.version },
      refers: true,
      status: ticket.archived ? 409 : 200,
      carried: [ticket.id],
      apply: () => Object.assign(ticket, { archived: true, version: ticket.version + 1 }),
      check: (b) => ticketFields({ ...ticket, archived: true, version: ticket.version + 1 }, b),
    };
  },
  restoreTicket: ({ ws, r }) => {
    const ticket = pickOf(
      r,
      [...ws.tickets.values()].filter((t) => t.archived || r.chance(0.1)),
    );
    if (!ticket) return undefined;
    const status = !ticket.archived ? 409 : hasRoom(ws, ws.columns.get(ticket.columnId)!) ? 200 : 409;
    return {
      method: 'POST',
      path: `/tickets/${ticket.id}/restore`,
      body: { version: ticket.version },
      refers: true,
      status,
      carried: [ticket.id],
      apply: () => Object.assign(ticket, { archived: false, version: ticket.version + 1 }),
      check: (b) => ticketFields({ ...ticket, archived: false, version: ticket.version + 1 }, b),
    };
  },
  deleteTicket: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'DELETE',
      path: `/tickets/${ticket.id}`,
      refers: true,
      status: 204,
      carried: [ticket.id],
      apply: () => deleteTicketFromModel(ws, ticket.id),
    };
  },

  // ── comments ──────────────────────────────────────────────────────────────────────────────────────────────
  listComments: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'GET',
      path: `/tickets/${ticket.id}/comments`,
      refers: true,
      status: 200,
      carried: [ticket.id],
      check: (body) =>
        sameSet(
          'comments',
          list(body).map((c) => c.id),
          [...ws.comments.values()].filter((c) => c.ticketId === ticket.id).map((c) => c.id),
        ),
    };
  },
  createComment: ({ world, ws, r, who }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'POST',
      path: `/tickets/${ticket.id}/comments`,
      body: { body: `${ws.marker} comment ${r.hex(6)}` },
      refers: true,
      status: 201,
      carried: [ticket.id],
      apply: (b) => {
        own(world, ws.id, b.id);
        ws.comments.set(b.id, {
          id: b.id,
          ticketId: ticket.id,
          authorId: who.kind === 'session' ? who.actorId : null,
          authorTokenId: who.kind === 'token' ? who.actorId : null,
        });
      },
      check: (b) =>
        b.ticketId === ticket.id && (who.kind === 'session' ? b.authorId : b.authorTokenId) === who.actorId
          ? undefined
          : `comment ${JSON.stringify(b)}`,
    };
  },
  deleteComment: ({ ws, r, who }) => {
    const comment = pickOf(r, ws.comments.values());
    if (!comment) return undefined;
    const mine = who.kind === 'session' ? comment.authorId === who.actorId : comment.authorTokenId === who.actorId;
    return {
      method: 'DELETE',
      path: `/comments/${comment.id}`,
      refers: true,
      status: mine || can(who.role, 'comment:delete-any') ? 204 : 403,
      carried: [comment.id],
      apply: () => ws.comments.delete(comment.id),
    };
  },

  // ── audit, usage, flags ───────────────────────────────────────────────────────────────────────────────────
  listAuditLog: ({ ws, r }) => {
    const subject = pickOf(r, [
      ...ws.tickets.keys(),
      ...ws.boards.keys(),
      ...ws.columns.keys(),
      ...ws.tokens.keys(),
      ws.id,
    ]);
    const actor = pickOf(r, ws.members.keys());
    const query: Record<string, string> = r.chance(0.7) || !actor ? { resourceId: subject! } : { actorId: actor };
    return {
      method: 'GET',
      path: `/audit-log?limit=50&${new URLSearchParams(query)}`,
      refers: true,
      foreign: 'empty',
      status: 200,
      carried: Object.values(query),
      targetsUser: query.actorId,
      check: (body) => {
        const wrong = list(body).filter((e) =>
          query.resourceId ? e.resourceId !== query.resourceId : e.actorId !== query.actorId,
        );
        return wrong.length
          ? `audit filter ${JSON.stringify(query)} let through ${wrong.map((e) => e.id).join(', ')}`
          : undefined;
      },
    };
  },
  listTicketActivity: ({ ws, r }) => {
    const ticket = pickOf(r, ws.tickets.values());
    if (!ticket) return undefined;
    return {
      method: 'GET',
      path: `/tickets/${ticket.id}/activity`,
      refers: true,
      status: 200,
      carried: [ticket.id],
      check: (body) => (list(body).length > 0 ? undefined : 'a ticket without history'),
    };
  },
  getUsage: () => ({ method: 'GET', path: '/usage', refers: false, status: 200, carried: [] }),
  listFlags: ({ ws }) => ({
    method: 'GET',
    path: '/flags',
    refers: false,
    status: 200,
    carried: [],
    check: (body) => {
      const flag = list(body).find((f) => f.name === 'KANBAN_SWIMLANES');
      const want = ws.flags.get('KANBAN_SWIMLANES') ?? null;
      return flag?.override === want ? undefined : `KANBAN_SWIMLANES override ${flag?.override}, model ${want}`;
    },
  }),
  updateFlags: ({ ws, r }) => {
    const value = r.pick([true, false, null]);
    return {
      method: 'PUT',
      path: '/flags',
      body: { overrides: { KANBAN_SWIMLANES: value } },
      refers: false,
      status: 200,
      carried: [],
      apply: () => (value === null ? ws.flags.delete('KANBAN_SWIMLANES') : ws.flags.set('KANBAN_SWIMLANES', value)),
    };
  },
  listLabels: ({ ws }) => ({
    method: 'GET',
    path: '/labels',
    refers: false,
    status: 200,
    carried: [],
    check: (body) => {
      const got = new Map(
        list(body)
          .filter((l) => l.colour)
          .map((l) => [String(l.name).toLowerCase(), l.colour]),
      );
      const want = [...ws.labels];
      return got.size === want.length && want.every(([name, colour]) => got.get(name) === colour)
        ? undefined
        : `label colours ${JSON.stringify([...got])}, model ${JSON.stringify(want)}`;
    },
  }),
  setLabelColour: ({ ws, r }) => {
    const name = r.pick(['bug', 'ui', 'ops']);
    const colour = r.pick(['red', 'teal', 'violet', null]);
    const current = ws.labels.get(name);
    // Only a real change is audited (setting the colour it has, or resetting one without a colour, is none).
    const changed = colour === null ? current !== undefined : current !== colour;
    return {
      method: 'PUT',
      path: '/labels',
      body: { name, colour },
      refers: false,
      status: 200,
      carried: [],
      audit: changed ? 1 : 0,
      apply: () => (colour === null ? ws.labels.delete(name) : ws.labels.set(name, colour)),
    };
  },

  // ── webhooks ──────────────────────────────────────────────────────────────────────────────────────────────
  listWebhooks: ({ ws }) => ({
    method: 'GET',
    path: '/webhooks',
    refers: false,
    status: 200,
    carried: [],
    check: (body) =>
      sameSet(
        'webhooks',
        list(body).map((h) => `${h.id}:${h.enabled}`),
        [...ws.webhooks.values()].map((h) => `${h.id}:${h.enabled}`),
      ),
  }),
  createWebhook: ({ world, ws, r }) => {
    // Now and then a target the SSRF guard refuses (metadata, private, loopback by name): 422, nothing stored.
    const refused = r.chance(0.1);
    const body = {
      url: refused ? r.pick(REFUSED_URLS) : hookUrl(world, ws, r),
      events: eventsPick(r),
      description: `${ws.marker} hook ${r.hex(6)}`,
    };
    return {
      method: 'POST',
      path: '/webhooks',
      body,
      refers: false,
      status: refused ? 422 : 201,
      carried: [],
      apply: (b) => {
        own(world, ws.id, b.id, b.secret, b.secretPrefix);
        ws.webhooks.set(b.id, {
          id: b.id,
          url: body.url,
          description: body.description,
          events: b.events,
          enabled: true,
          secretPrefix: b.secretPrefix,
          deliveries: 0,
        });
      },
      check: (b) =>
        hookFields({ id: b.id, ...body, enabled: true, secretPrefix: b.secretPrefix, deliveries: 0 }, b) ??
        (typeof b.secret === 'string' && b.secret.startsWith(b.secretPrefix.replace('…', ''))
          ? undefined
          : `secret ${b.secret} does not start with ${b.secretPrefix}`),
    };
  },
  getWebhook: ({ ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    return {
      method: 'GET',
      path: `/webhooks/${hook.id}`,
      refers: true,
      status: 200,
      carried: [hook.id],
      check: (b) => hookFields(hook, b),
    };
  },
  updateWebhook: ({ world, ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    const roll = r.next();
    const change: Partial<Webhook> =
      roll < 0.3
        ? { description: `${ws.marker} hook ${r.hex(6)}` }
        : roll < 0.5
          ? { url: hookUrl(world, ws, r) }
          : roll < 0.65
            ? { events: eventsPick(r) }
            : roll < 0.92
              ? { enabled: !hook.enabled }
              : { url: r.pick(REFUSED_URLS) };
    const refused = change.url !== undefined && !change.url.startsWith(world.hookBase);
    const after = { ...hook, ...change, ...(change.events ? { events: [...new Set(change.events)] } : {}) };
    return {
      method: 'PATCH',
      path: `/webhooks/${hook.id}`,
      body: change,
      refers: true,
      status: refused ? 422 : 200,
      carried: [hook.id],
      apply: () => Object.assign(hook, after),
      check: (b) => hookFields(after, b),
    };
  },
  deleteWebhook: ({ ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    return {
      method: 'DELETE',
      path: `/webhooks/${hook.id}`,
      refers: true,
      status: 204,
      carried: [hook.id],
      apply: () => {
        // Its delivery log goes with it (webhook_deliveries_endpoint_fk … on delete cascade).
        ws.webhooks.delete(hook.id);
        for (const d of [...ws.deliveries.values()]) if (d.webhookId === hook.id) ws.deliveries.delete(d.id);
      },
    };
  },
  rotateWebhookSecret: ({ world, ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    return {
      method: 'POST',
      path: `/webhooks/${hook.id}/rotate-secret`,
      refers: true,
      status: 200,
      carried: [hook.id],
      apply: (b) => {
        own(world, ws.id, b.secret, b.secretPrefix);
        hook.secretPrefix = b.secretPrefix;
      },
      check: (b) =>
        hookFields({ ...hook, secretPrefix: b.secretPrefix }, b) ??
        (b.secretPrefix !== hook.secretPrefix && b.previousSecretExpiresAt !== null
          ? undefined
          : `rotation kept ${b.secretPrefix} (was ${hook.secretPrefix}), previous until ${b.previousSecretExpiresAt}`),
    };
  },
  sendWebhookTestEvent: ({ world, ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    return {
      method: 'POST',
      path: `/webhooks/${hook.id}/test`,
      refers: true,
      // A turned-off endpoint gets nothing, not even a test.
      status: hook.enabled ? 201 : 409,
      carried: [hook.id],
      audit: 0,
      apply: (b) => {
        own(world, ws.id, b.id);
        hook.deliveries++;
        ws.deliveries.set(b.id, { id: b.id, webhookId: hook.id, finished: false });
      },
      check: (b) =>
        b.webhookId === hook.id && b.eventType === 'webhook.test' && b.status === 'pending'
          ? undefined
          : `test delivery ${JSON.stringify(b)}`,
    };
  },
  listWebhookDeliveries: ({ world, ws, r }) => {
    const hook = pickOf(r, ws.webhooks.values());
    if (!hook) return undefined;
    const known = [...ws.deliveries.values()].filter((d) => d.webhookId === hook.id).map((d) => d.id);
    return {
      method: 'GET',
      path: `/webhooks/${hook.id}/deliveries?limit=200`,
      refers: true,
      status: 200,
      carried: [hook.id],
      check: (body) => {
        const got = list(body);
        if (got.some((d) => d.webhookId !== hook.id)) return `deliveries of another endpoint listed for ${hook.id}`;
        const ids = got.map((d) => d.id as string);
        const missing = known.filter((id) => !ids.includes(id));
        if (body.nextCursor === null && missing.length) return `deliveries missing: ${missing.join(', ')}`;
        if (body.nextCursor === null && got.length !== hook.deliveries)
          return `${got.length} deliveries listed, model ${hook.deliveries}`;
        return undefined;
      },
      // What the listing shows is learned: ids of deliveries of subscribed events, and which ones are finished.
      apply: (body) => list(body).forEach((d) => observe(world, ws, d)),
    };
  },
  getWebhookDelivery: ({ world, ws, r }) => {
    const delivery = pickOf(r, ws.deliveries.values());
    if (!delivery) return undefined;
    return {
      method: 'GET',
      path: `/webhooks/${delivery.webhookId}/deliveries/${delivery.id}`,
      refers: true,
      status: 200,
      carried: [delivery.webhookId, delivery.id],
      check: (b) =>
        b.id === delivery.id && b.webhookId === delivery.webhookId && Array.isArray(b.attemptLog)
          ? // The log is read after the delivery, in the same transaction: an attempt the worker commits in
            // between may show in the log and not yet in the count, never the other way round.
            b.attemptLog.length >= b.attempts
            ? undefined
            : `${b.attemptLog.length} attempts logged, ${b.attempts} counted`
          : `delivery ${JSON.stringify(b).slice(0, 200)}`,
      apply: (b) => observe(world, ws, b),
    };
  },
  retryWebhookDelivery: ({ ws, r }) => {
    // Only deliveries whose answer the model can predict: known finished (201 on an enabled endpoint, else 409),
    // or on a turned-off endpoint (409 whether still pending or finished). A delivery that may still be pending
    // on an enabled endpoint is 409 or 201 depending on the worker's timing: never planned.
    const delivery = pickOf(
      r,
      [...ws.deliveries.values()].filter((d) => d.finished || !ws.webhooks.get(d.webhookId)!.enabled),
    );
    if (!delivery) return undefined;
    const enabled = ws.webhooks.get(delivery.webhookId)!.enabled;
    return {
      method: 'POST',
      path: `/webhooks/${delivery.webhookId}/deliveries/${delivery.id}/retry`,
      refers: true,
      status: enabled && delivery.finished ? 201 : 409,
      carried: [delivery.webhookId, delivery.id],
      apply: () => (delivery.finished = false),
      check: (b) =>
        b.id === delivery.id && b.status === 'pending' && b.deliveredAt === null
          ? undefined
          : `redelivery ${JSON.stringify(b)}`,
    };
  },

  // ── notifications ─────────────────────────────────────────────────────────────────────────────────────────
  listNotifications: ({ ws, r, who }) => {
    const unreadOnly = r.chance(0.3);
    const mine = [...ws.notices.values()].filter((n) => n.userId === who.actorId);
    return {
      method: 'GET',
      path: `/notifications?limit=100${unreadOnly ? '&unread=true' : ''}`,
      refers: false,
      // A person's notices: an API token has none to show (403).
      sessionOnly: true,
      status: 200,
      carried: [],
      check: (body) =>
        sameSet(
          'notifications',
          list(body).map((n) => `${n.id}:${n.readAt !== null}`),
          mine.filter((n) => !unreadOnly || !n.read).map((n) => `${n.id}:${n.read}`),
        ) ??
        (body.unread === mine.filter((n) => !n.read).length
          ? undefined
          : `unread ${body.unread}, model ${mine.filter((n) => !n.read).length}`),
    };
  },
  markNotificationsRead: ({ ws, r, who }) => {
    const mine = [...ws.notices.values()].filter((n) => n.userId === who.actorId);
    // Some of one's own notices, or all of them; another's notice in the list is not theirs to mark (left alone).
    const others = [...ws.notices.values()].filter((n) => n.userId !== who.actorId);
    const picked = mine.filter(() => r.chance(0.5));
    const stranger = r.chance(0.3) ? pickOf(r, others) : undefined;
    const ids = [...picked, ...(stranger ? [stranger] : [])].map((n) => n.id);
    const all = ids.length === 0 || r.chance(0.2);
    const marking = all ? mine : picked;
    const marked = marking.filter((n) => !n.read).length;
    const unreadAfter = mine.filter((n) => !n.read).length - marked;
    return {
      method: 'POST',
      path: '/notifications/read',
      body: all ? {} : { ids },
      refers: !all,
      // Another workspace's ids mark nothing: 200 with marked 0, and its notices stay unread.
      foreign: 'empty',
      sessionOnly: true,
      status: 200,
      carried: all ? [] : ids,
      audit: 0,
      apply: () => marking.forEach((n) => (n.read = true)),
      check: (b) =>
        b.marked === marked && b.unread === unreadAfter
          ? undefined
          : `marked ${b.marked} (model ${marked}), unread ${b.unread} (model ${unreadAfter})`,
    };
  },
};

/** Targets the SSRF guard refuses on sight (src/modules/webhooks/validate-url.ts), even with 127.0.0.1 allowed. */
const REFUSED_URLS = [
  'http://169.254.169.254/latest/meta-data',
  'http://10.1.2.3/hook',
  'https://localhost/hook',
  'http://[::1]/hook',
  'http://192.168.0.10:8080/hook',
];

const EVENT_PATTERNS = ['*', 'ticket.*', 'ticket.created', 'ticket.moved', 'comment.*', 'board.*', 'member.*'];
const eventsPick = (r: Rng) => {
  const picked = EVENT_PATTERNS.filter(() => r.chance(0.25));
  return picked.length ? picked : [r.pick(EVENT_PATTERNS)];
};

const hookFields = (hook: Webhook, body: Json): string | undefined => {
  const want = {
    id: hook.id,
    url: hook.url,
    description: hook.description,
    events: [...hook.events].sort(),
    enabled: hook.enabled,
    secretPrefix: hook.secretPrefix,
  };
  const got = {
    id: body.id,
    url: body.url,
    description: body.description,
    events: [...(body.events ?? [])].sort(),
    enabled: body.enabled,
    secretPrefix: body.secretPrefix,
  };
  return JSON.stringify(got) === JSON.stringify(want)
    ? undefined
    : `webhook ${JSON.stringify(got)} ≠ model ${JSON.stringify(want)}`;
};

/** A delivery seen in an own answer: learned if new; finished once it says delivered or failed (until a redelivery). */
function observe(world: World, ws: Workspace, d: Json): void {
  if (!ws.webhooks.has(d.webhookId)) return;
  let known: Delivery | undefined = ws.deliveries.get(d.id);
  if (!known) {
    own(world, ws.id, d.id);
    known = { id: d.id, webhookId: d.webhookId, finished: false };
    ws.deliveries.set(d.id, known);
  }
  if (d.status === 'delivered' || d.status === 'failed') known.finished = true;
}

/** Requests that point a workspace's own resource at another workspace's, and what a nonexistent id gets. */
export const mixedBuilders: Record<string, (g: G, victim: Workspace) => (Plan & { op: string }) | undefined> = {
  foreignAssigneeOnCreate: ({ ws, r }, victim) => {
    const column = pickOf(
      r,
      [...ws.columns.values()].filter((c) => hasRoom(ws, c)),
    );
    const stranger = pickOf(
      r,
      [...victim.members.keys()].filter((id) => !ws.members.has(id)),
    );
    return column && stranger
      ? {
          op: 'createTicket',
          method: 'POST',
          path: '/tickets',
          body: { columnId: column.id, title: title(ws, r, 'ticket'), assigneeId: stranger },
          refers: true,
          status: 422,
          carried: [column.id, stranger],
        }
      : undefined;
  },
  foreignNeighbourOnCreate: ({ ws, r }, victim) => {
    const column = pickOf(
      r,
      [...ws.columns.values()].filter((c) => hasRoom(ws, c)),
    );
    const neighbour = pickOf(
      r,
      [...victim.tickets.values()].filter((t) => !t.archived),
    );
    return column && neighbour
      ? {
          op: 'createTicket',
          method: 'POST',
          path: '/tickets',
          body: { columnId: column.id, title: title(ws, r, 'ticket'), afterId: neighbour.id },
          refers: true,
          status: 409,
          carried: [column.id, neighbour.id],
        }
      : undefined;
  },
  foreignAssigneeOnUpdate: ({ ws, r }, victim) => {
    const ticket = pickOf(r, ws.tickets.values());
    const stranger = pickOf(
      r,
      [...victim.members.keys()].filter((id) => !ws.members.has(id)),
    );
    return ticket && stranger
      ? {
          op: 'updateTicket',
          method: 'PATCH',
          path: `/tickets/${ticket.id}`,
          body: { version: ticket.version, assigneeId: stranger },
          refers: true,
          status: 422,
          carried: [ticket.id, stranger],
        }
      : undefined;
  },
  foreignColumnOnMove: ({ ws, r }, victim) => {
    const ticket = pickOf(
      r,
      [...ws.tickets.values()].filter((t) => !t.archived),
    );
    const column = pickOf(r, victim.columns.values());
    return ticket && column
      ? {
          op: 'moveTicket',
          method: 'POST',
          path: `/tickets/${ticket.id}/move`,
          body: { version: ticket.version, columnId: column.id },
          refers: true,
          status: 404,
          carried: [ticket.id, column.id],
        }
      : undefined;
  },
  foreignAfterColumn: ({ ws, r }, victim) => {
    const board = pickOf(r, ws.boards.values());
    const column = pickOf(r, victim.columns.values());
    return board && column
      ? {
          op: 'createColumn',
          method: 'POST',
          path: `/boards/${board.id}/columns`,
          body: { name: title(ws, r, 'column'), afterColumnId: column.id },
          refers: true,
          status: 422,
          carried: [board.id, column.id],
        }
      : undefined;
  },
  foreignDeliveryOnOwnWebhook: ({ ws, r }, victim) => {
    // The own endpoint's path with another workspace's delivery id: 404, for reading and for redelivering.
    const hook = pickOf(r, ws.webhooks.values());
    const delivery = pickOf(r, victim.deliveries.values());
    if (!hook || !delivery) return undefined;
    const retry = r.chance(0.4);
    return {
      op: retry ? 'retryWebhookDelivery' : 'getWebhookDelivery',
      method: retry ? 'POST' : 'GET',
      path: `/webhooks/${hook.id}/deliveries/${delivery.id}${retry ? '/retry' : ''}`,
      refers: true,
      status: 404,
      carried: [hook.id, delivery.id],
    };
  },
  foreignReorderColumn: ({ ws, r }, victim) => {
    const own = pickOf(r, ws.columns.values());
    const column = pickOf(r, victim.columns.values());
    return own && column
      ? {
          op: 'updateColumn',
          method: 'PATCH',
          path: `/columns/${own.id}`,
          body: { afterColumnId: column.id },
          refers: true,
          status: 422,
          carried: [own.id, column.id],
        }
      : undefined;
  },
};
