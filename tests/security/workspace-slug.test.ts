import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectProblem, openEventStream, signUp, stack, type Account } from '../support/security-client';
import { securityCounts } from '../support/security-results';

// Finding 4 of the outside attack (issue #12): a workspace slug shaped like another workspace's UUID captured
// requests aimed at that id. A user who belongs to both workspaces and names the victim workspace by id
// (x-tika-workspace, the ?workspace= of the event stream, the /w/<id> URL) was served the slug's workspace
// instead — creating boards and tickets in the attacker's workspace. Now an id matches by id first, and a slug
// may not look like a UUID (422 at create and rename).

const { check } = securityCounts('workspace-slug');
let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack().adminDbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

async function join(owner: Account, account: Account): Promise<void> {
  const invitation = await api(owner)('POST', '/invitations', { role: 'member' });
  expect(invitation.status, invitation.text).toBe(201);
  const accepted = await api(account)('POST', '/invitations/accept', { token: invitation.body.token });
  expect(accepted.status, accepted.text).toBe(200);
}

describe('a slug never stands for another workspace’s id', () => {
  it('a UUID-shaped slug is refused at create and at rename (422, field slug), in any case', async () => {
    const attacker = await signUp({ name: 'Slug Attacker' });
    const uuid = randomUUID();
    for (const slug of [uuid, uuid.toUpperCase(), ` ${uuid} `]) {
      const renamed = await api(attacker)('PATCH', '/workspace', { slug });
      expectProblem(renamed, 422, 'VALIDATION_FAILED');
      expect(JSON.stringify(renamed.body.errors)).toContain('slug');
      const created = await api(attacker)('POST', '/workspaces', { name: 'Looks like an id', slug });
      expectProblem(created, 422, 'VALIDATION_FAILED');
    }
    // A name that slugifies to something UUID-like still gets an ordinary slug.
    const named = await api(attacker)('POST', '/workspaces', { name: uuid });
    expect(named.status, named.text).toBe(201);
    expect(named.body.slug).not.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Ordinary slugs still work.
    const fine = await api(attacker)('PATCH', '/workspace', { slug: `team-${uuid.slice(0, 8)}` });
    expect(fine.status, fine.text).toBe(200);
    check(3);
  });

  it('a request naming a workspace by id reaches that workspace even when another one’s slug equals that id', async () => {
    // The victim belongs to the attacker's workspace first, then joins the target workspace.
    const victim = await signUp({ name: 'Slug Victim' });
    const attacker = await signUp({ name: 'Slug Attacker 2' });
    const target = await signUp({ name: 'Target Owner' });
    await join(attacker, victim);
    await join(target, victim);
    // A slug written before validation existed (or straight into the database): the id wins anyway.
    await db.query(`update workspaces set slug = $1 where id = $2`, [target.workspaceId, attacker.workspaceId]);

    const asVictim = api({ cookie: victim.cookie, workspaceId: target.workspaceId });
    const board = await asVictim('POST', '/boards', { name: `meant for the target ${randomUUID()}` });
    expect(board.status, board.text).toBe(201);
    const where = await db.query(`select tenant_id::text from boards where id = $1`, [board.body.id]);
    expect(where.rows[0].tenant_id).toBe(target.workspaceId);
    const workspace = await asVictim('GET', '/workspace');
    expect(workspace.body.id).toBe(target.workspaceId);

    // The event stream takes its workspace from ?workspace=: the same rule.
    const stream = await openEventStream(
      `${stack().appUrl}/api/v1/boards/${board.body.id}/events?workspace=${target.workspaceId}`,
      victim.cookie,
    );
    stream.close();
    expect(stream.status).toBe(200);
    // Still reachable by its own slug, by its id, and the attacker's by its own id.
    const bySlug = await api({ cookie: victim.cookie, workspaceId: target.slug })('GET', '/workspace');
    expect(bySlug.body.id).toBe(target.workspaceId);
    const attackersOwn = await api({ cookie: victim.cookie, workspaceId: attacker.workspaceId })('GET', '/workspace');
    expect(attackersOwn.body.id).toBe(attacker.workspaceId);
    check(4);
  });
});
