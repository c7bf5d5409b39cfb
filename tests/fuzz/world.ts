/* eslint-disable @typescript-eslint/no-explicit-any -- replies are arbitrary JSON that each test narrows itself */
import { randomUUID } from 'node:crypto';
import { signUpAndSignIn } from '../support/sign-up-http';

// The fuzz suite's tenants, seeded over real HTTP: two workspaces with a user of every role, API tokens of every
// role, boards, columns, tickets, comments, invitations and spare members; plus the pools of ids the generators
// draw from. Fuzzed requests may delete, revoke, leave or transfer; `repair` puts back what the next operations need.

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export interface Credential {
  label: string;
  role: Role;
  tenantId: string;
  cookie?: string;
  token?: string;
  userId?: string;
}

export interface Spare {
  userId: string;
  cookie: string;
  joined: boolean;
}

export type IdKind = 'boardId' | 'columnId' | 'ticketId' | 'commentId' | 'invitationId' | 'tokenId' | 'userId';

export interface Tenant {
  id: string;
  slug: string;
  owner: Credential;
  /** Session and token credentials of every role (owner first). */
  creds: Credential[];
  /** Members who exist to be removed, re-roled, made owner or to leave; never used as the fuzz's own callers. */
  spares: Spare[];
  live: Record<IdKind, string[]>;
  dead: Record<IdKind, string[]>;
  versions: Map<string, number>;
  /** Parent of each column / ticket / comment, so a delete marks its children dead. */
  parent: Map<string, string>;
  invitationTokens: string[];
  revokedToken: string;
}

export interface Doomed {
  id: string;
  slug: string;
  cookie: string;
}

export interface World {
  base: string;
  own: Tenant;
  other: Tenant;
  /** Extra workspaces that deleteWorkspace may really delete (created by setup and by fuzzed createWorkspace). */
  doomed: Doomed[];
  setupRequests: number;
}

const emptyIds = (): Record<IdKind, string[]> => ({
  boardId: [],
  columnId: [],
  ticketId: [],
  commentId: [],
  invitationId: [],
  tokenId: [],
  userId: [],
});

interface Reply {
  status: number;
  body: any;
}

export function client(base: string, counter: { setupRequests: number }) {
  async function call(
    method: string,
    path: string,
    auth: { cookie?: string; token?: string; workspace?: string },
    body?: unknown,
  ): Promise<Reply> {
    counter.setupRequests++;
    const headers: Record<string, string> = { origin: base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.workspace) headers['x-tika-workspace'] = auth.workspace;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  async function must(
    method: string,
    path: string,
    auth: { cookie?: string; token?: string; workspace?: string },
    body?: unknown,
  ): Promise<any> {
    const reply = await call(method, path, auth, body);
    if (reply.status >= 300) throw new Error(`setup ${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }
  async function signUp(name: string): Promise<{ cookie: string; userId: string; workspaceId: string; slug: string }> {
    counter.setupRequests += 2; // sign-up, then sign-in: sign-up opens no session
    const cookie = await signUpAndSignIn(base, {
      email: `${randomUUID()}@fuzz.test`,
      password: 'correct horse battery staple',
      name,
    });
    const me = await must('GET', '/api/v1/me', { cookie });
    return { cookie, userId: me.user.id, workspaceId: me.workspaces[0].id, slug: me.workspaces[0].slug };
  }
  return { call, must, signUp };
}

type Client = ReturnType<typeof client>;

async function join(api: Client, owner: Credential, cookie: string, role: Exclude<Role, 'owner'>): Promise<void> {
  const invitation = await api.must(
    'POST',
    '/api/v1/invitations',
    { cookie: owner.cookie, workspace: owner.tenantId },
    { role },
  );
  await api.must('POST', '/api/v1/invitations/accept', { cookie }, { token: invitation.token });
}

async function seedTenant(api: Client, label: string, spares: number): Promise<Tenant> {
  const founder = await api.signUp(`${label} owner`);
  const owner: Credential = {
    label: `${label}:owner:session`,
    role: 'owner',
    tenantId: founder.workspaceId,
    cookie: founder.cookie,
    userId: founder.userId,
  };
  const creds: Credential[] = [owner];
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const user = await api.signUp(`${label} ${role}`);
    await join(api, owner, user.cookie, role);
    creds.push({
      label: `${label}:${role}:session`,
      role,
      tenantId: founder.workspaceId,
      cookie: user.cookie,
      userId: user.userId,
    });
    const token = await api.must(
      'POST',
      '/api/v1/tokens',
      { cookie: owner.cookie, workspace: owner.tenantId },
      { name: `fuzz ${role}`, role },
    );
    creds.push({ label: `${label}:${role}:token`, role, tenantId: founder.workspaceId, token: token.token });
  }
  const revoked = await api.must(
    'POST',
    '/api/v1/tokens',
    { cookie: owner.cookie, workspace: owner.tenantId },
    { name: 'revoked', role: 'admin' },
  );
  await api.must('DELETE', `/api/v1/tokens/${revoked.id}`, { cookie: owner.cookie, workspace: owner.tenantId });
  const tenant: Tenant = {
    id: founder.workspaceId,
    slug: founder.slug,
    owner,
    creds,
    spares: [],
    live: emptyIds(),
    dead: emptyIds(),
    versions: new Map(),
    parent: new Map(),
    invitationTokens: [],
    revokedToken: revoked.token,
  };
  for (let i = 0; i < spares; i++) {
    const user = await api.signUp(`${label} spare ${i}`);
    await join(api, owner, user.cookie, 'member');
    tenant.spares.push({ userId: user.userId, cookie: user.cookie, joined: true });
    tenant.live.userId.push(user.userId);
  }
  return tenant;
}

export async function seedWorld(base: string): Promise<World> {
  const counter = { setupRequests: 0 };
  const api = client(base, counter);
  const own = await seedTenant(api, 'own', 4);
  const other = await seedTenant(api, 'other', 1);
  const world: World = { base, own, other, doomed: [], setupRequests: 0 };
  await repair(world, counter);
  await repair(world, counter, other);
  world.setupRequests = counter.setupRequests;
  return world;
}

const ownerAuth = (tenant: Tenant) => ({ cookie: tenant.owner.cookie, workspace: tenant.id });

/** Remembers what a 2xx answer created or destroyed, so later requests can aim at live (and dead) ids. */
export function learn(
  world: World,
  tenant: Tenant,
  operationId: string,
  params: Record<string, string>,
  answer: any,
  callerCookie?: string,
): void {
  const body = answer && typeof answer === 'object' ? answer : {};
  const add = (kind: IdKind, id: unknown, parent?: string) => {
    if (typeof id !== 'string' || tenant.live[kind].includes(id)) return;
    tenant.live[kind].push(id);
    if (parent) tenant.parent.set(id, parent);
  };
  const kill = (kind: IdKind, id: string | undefined) => {
    if (!id) return;
    tenant.live[kind] = tenant.live[kind].filter((x) => x !== id);
    if (!tenant.dead[kind].includes(id)) tenant.dead[kind].push(id);
    // Children go with their parent (board → columns → tickets → comments).
    const childKind: Partial<Record<IdKind, IdKind>> = {
      boardId: 'columnId',
      columnId: 'ticketId',
      ticketId: 'commentId',
    };
    const child = childKind[kind];
    if (child) for (const c of [...tenant.live[child]]) if (tenant.parent.get(c) === id) kill(child, c);
  };
  switch (operationId) {
    case 'createBoard':
      add('boardId', body.id);
      for (const column of body.columns ?? []) add('columnId', column.id, body.id);
      break;
    case 'createColumn':
      add('columnId', body.id, body.boardId);
      break;
    case 'createTicket':
    case 'updateTicket':
    case 'moveTicket':
    case 'archiveTicket':
    case 'restoreTicket':
      add('ticketId', body.id, body.columnId);
      if (body.columnId) tenant.parent.set(body.id, body.columnId);
      tenant.versions.set(body.id, body.version);
      break;
    case 'createComment':
      add('commentId', body.id, body.ticketId);
      break;
    case 'createInvitation':
      add('invitationId', body.id);
      tenant.invitationTokens.push(body.token);
      break;
    case 'createApiToken':
      add('tokenId', body.id);
      break;
    case 'createWorkspace':
      if (callerCookie) world.doomed.push({ id: body.id, slug: body.slug, cookie: callerCookie });
      break;
    case 'updateWorkspace':
      tenant.slug = body.slug;
      break;
    case 'deleteBoard':
      kill('boardId', params.boardId);
      break;
    case 'deleteColumn':
      kill('columnId', params.columnId);
      break;
    case 'deleteTicket':
      kill('ticketId', params.ticketId);
      break;
    case 'deleteComment':
      kill('commentId', params.commentId);
      break;
    case 'revokeInvitation':
      kill('invitationId', params.invitationId);
      break;
    case 'revokeApiToken':
      kill('tokenId', params.tokenId);
      break;
    case 'removeMember':
      for (const spare of tenant.spares) if (spare.userId === params.userId) spare.joined = false;
      break;
    case 'leaveWorkspace':
      for (const spare of tenant.spares) if (spare.cookie === callerCookie) spare.joined = false;
      break;
    case 'acceptInvitation':
      for (const spare of tenant.spares) if (spare.cookie === callerCookie) spare.joined = true;
      break;
  }
}

/**
 * Puts back what fuzzed requests may have taken away, so every operation keeps reaching its deeper code: the owner
 * owns the workspace again, spares are members, flags have no overrides, and there are live boards, columns,
 * tickets, comments, pending invitations and spare tokens.
 */
export async function repair(
  world: World,
  counter: { setupRequests: number },
  tenant: Tenant = world.own,
): Promise<void> {
  const api = client(world.base, counter);
  const auth = ownerAuth(tenant);
  const members: { userId: string; role: Role }[] = (await api.must('GET', '/api/v1/members', auth)).data;
  const ownerNow = members.find((m) => m.role === 'owner');
  if (ownerNow && ownerNow.userId !== tenant.owner.userId) {
    const spare = tenant.spares.find((s) => s.userId === ownerNow.userId);
    if (!spare) throw new Error(`the workspace ${tenant.id} is owned by an unknown user ${ownerNow.userId}`);
    await api.must(
      'POST',
      '/api/v1/workspace/transfer-ownership',
      { cookie: spare.cookie, workspace: tenant.id },
      { userId: tenant.owner.userId },
    );
  }
  // Callers of every role keep their role (a fuzzed changeMemberRole or transfer may have changed one).
  for (const cred of tenant.creds) {
    if (!cred.userId || cred === tenant.owner) continue;
    const member = members.find((m) => m.userId === cred.userId);
    // A fuzzed leaveWorkspace by this caller succeeded: invite them back with their role.
    if (!member) await join(api, tenant.owner, cred.cookie!, cred.role as Exclude<Role, 'owner'>);
    else if (member.role !== cred.role)
      await api.must('PATCH', `/api/v1/members/${cred.userId}`, auth, { role: cred.role });
  }
  for (const spare of tenant.spares) {
    const member = members.find((m) => m.userId === spare.userId);
    spare.joined = Boolean(member);
    if (!member) {
      await join(api, tenant.owner, spare.cookie, 'member');
      spare.joined = true;
    } else if (member.role !== 'member' && member.role !== 'owner') {
      await api.must('PATCH', `/api/v1/members/${spare.userId}`, auth, { role: 'member' });
    }
  }
  await api.must('PUT', '/api/v1/flags', auth, { overrides: { TICKET_COMMENTS: null, KANBAN_SWIMLANES: null } });
  tenant.slug = (await api.must('GET', '/api/v1/workspace', auth)).slug;
  // Boards that are still there and not archived.
  const boards: { id: string; archivedAt: string | null }[] = (await api.must('GET', '/api/v1/boards', auth)).data;
  const activeBoards = boards.filter((b) => !b.archivedAt).map((b) => b.id);
  tenant.live.boardId = tenant.live.boardId.filter((id) => boards.some((b) => b.id === id));
  for (let i = activeBoards.length; i < 2; i++) {
    const board = await api.must('POST', '/api/v1/boards', auth, {
      name: `Fuzz board ${i}`,
      columns: ['To do', 'Doing', 'Done'],
    });
    learn(world, tenant, 'createBoard', {}, board);
    activeBoards.push(board.id);
  }
  // Columns and tickets of the first active board, read back so the pools hold what exists.
  const view = await api.must('GET', `/api/v1/boards/${activeBoards[0]}?perColumn=200`, auth);
  let columns: { id: string; tickets: { id: string; version: number; archivedAt: string | null }[] }[] = view.columns;
  if (columns.length === 0) {
    const column = await api.must('POST', `/api/v1/boards/${activeBoards[0]}/columns`, auth, { name: 'Fuzz column' });
    learn(world, tenant, 'createColumn', {}, column);
    columns = [{ id: column.id, tickets: [] }];
  }
  for (const column of columns) {
    if (!tenant.live.columnId.includes(column.id)) tenant.live.columnId.push(column.id);
    tenant.parent.set(column.id, activeBoards[0]!);
    for (const ticket of column.tickets) {
      tenant.versions.set(ticket.id, ticket.version);
      tenant.parent.set(ticket.id, column.id);
      if (!tenant.live.ticketId.includes(ticket.id)) tenant.live.ticketId.push(ticket.id);
    }
  }
  const ticketsOnBoard = columns.reduce((n, c) => n + c.tickets.length, 0);
  for (let i = ticketsOnBoard; i < 6; i++) {
    const column = columns[i % columns.length]!;
    const ticket = await api.must('POST', '/api/v1/tickets', auth, {
      columnId: column.id,
      title: `Fuzz ticket ${i}`,
      labels: ['fuzz'],
    });
    learn(world, tenant, 'createTicket', {}, ticket);
  }
  const ticketId = tenant.live.ticketId[0]!;
  const comments = (await api.call('GET', `/api/v1/tickets/${ticketId}/comments`, auth)).body?.data ?? [];
  for (let i = comments.length; i < 2; i++)
    learn(
      world,
      tenant,
      'createComment',
      {},
      await api.must('POST', `/api/v1/tickets/${ticketId}/comments`, auth, { body: `Fuzz comment ${i}` }),
    );
  const invitations: { id: string; status: string }[] = (await api.must('GET', '/api/v1/invitations', auth)).data;
  for (let i = invitations.filter((x) => x.status === 'pending').length; i < 2; i++) {
    learn(
      world,
      tenant,
      'createInvitation',
      {},
      await api.must('POST', '/api/v1/invitations', auth, { role: 'viewer' }),
    );
  }
  tenant.live.tokenId = tenant.live.tokenId.slice(-50);
  for (let i = tenant.live.tokenId.length; i < 2; i++) {
    learn(
      world,
      tenant,
      'createApiToken',
      {},
      await api.must('POST', '/api/v1/tokens', auth, { name: `spare ${i}`, role: 'viewer' }),
    );
  }
  if (tenant === world.own && world.doomed.length < 2) {
    const doomed = await api.must(
      'POST',
      '/api/v1/workspaces',
      { cookie: tenant.owner.cookie },
      { name: `Doomed ${randomUUID().slice(0, 6)}` },
    );
    learn(world, tenant, 'createWorkspace', {}, doomed, tenant.owner.cookie);
  }
  // Keep the pools small enough that random picks keep hitting the ids that matter.
  for (const kind of Object.keys(tenant.live) as IdKind[]) {
    tenant.live[kind] = tenant.live[kind].slice(-200);
    tenant.dead[kind] = tenant.dead[kind].slice(-50);
  }
  tenant.invitationTokens = tenant.invitationTokens.slice(-50);
}
