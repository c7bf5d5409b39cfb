import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../../src/api/jobs';
import { emitWebhookEvent } from '../../src/modules/webhooks';
import { getDb } from '../../src/server/db/client';
import { resetEnv } from '../../src/server/env';
import { withTenant } from '../../src/server/db/tenant';
import { installJobs } from '../../src/server/jobs';
import { api, as, signUp, type Caller, type TestUser } from '../support/api';
import { auditLog, createBoard, createTicket, expectProblem, joinAs, ok } from '../support/fixtures';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

// Webhooks end to end against the suite's database and a real HTTP receiver on 127.0.0.1 (allowed for this
// suite with WEBHOOK_ALLOWED_HOSTS, as a self-hoster would allow an internal target), with the workers running:
// signed deliveries verified by the Standard Webhooks reference library, the outbox, retries, rotation,
// redelivery, auto-disable with a notice, usage, audit and permissions.

process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
process.env.WEBHOOK_RETRY_DELAY_SECONDS = '1';

let receiver: Receiver;
let owner: TestUser;
let caller: Caller;
let columnId: string;

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 30_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function createWebhook(path: string, events: string[] = ['*']) {
  const created = ok(await api(caller, 'POST', '/webhooks', { url: receiver.url(path), events }), 201);
  return created.body as { id: string; secret: string; url: string; secretPrefix: string };
}

const verify = (secret: string, message: { headers: Record<string, string>; body: string }) =>
  new Webhook(secret).verify(message.body, message.headers) as { type: string; timestamp: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  installJobs(allJobs, { runJobs: true });
  receiver = await startReceiver();
  owner = await signUp('Webhook owner');
  caller = as(owner);
  const board = await createBoard(caller, { columns: ['Todo', 'Done'] });
  columnId = board.columns[0]!.id;
}, 90_000);

afterAll(() => receiver.close());

describe('signed deliveries', () => {
  it('a committed change sends exactly one delivery, signed so the standardwebhooks library verifies it', async () => {
    const hook = await createWebhook('/one', ['ticket.created']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const ticket = await createTicket(caller, columnId, { title: 'Signed' });
    const [message] = await until('the delivery', () => receiver.on('/one').length === 1 && receiver.on('/one'));
    const event = verify(hook.secret, message!);
    expect(event.type).toBe('ticket.created');
    expect(event.data).toEqual(ticket);
    expect(new Date(event.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(message!.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(message!.headers['content-type']).toBe('application/json');
    // A wrong secret does not verify.
    expect(() => verify(`whsec_${Buffer.alloc(24, 7).toString('base64')}`, message!)).toThrow();
    // Nothing more arrives (one change, one subscribed endpoint, one delivery).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.on('/one')).toHaveLength(1);
    const deliveries = ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries`)).body.data;
    expect(deliveries).toMatchObject([
      { eventType: 'ticket.created', status: 'delivered', attempts: 1, lastStatusCode: 200 },
    ]);
    expect(deliveries[0].lastDurationMs).toBeGreaterThanOrEqual(0);
  });

  it('a rolled-back change sends nothing and leaves no delivery', async () => {
    const hook = await createWebhook('/rollback', ['board.updated']);
    await expect(
      withTenant(owner.workspaceId, async (tx) => {
        expect(await emitWebhookEvent(tx, owner.workspaceId, 'board.updated', { id: 'rolled-back' })).toBe(1);
        throw new Error('the change fails after the event was queued');
      }),
    ).rejects.toThrow('the change fails');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(receiver.on('/rollback')).toHaveLength(0);
    expect(ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries`)).body.data).toEqual([]);
  });

  it('the receiver failing 3 times then succeeding: delivered once, 4 attempts recorded', async () => {
    const hook = await createWebhook('/flaky', ['ticket.updated']);
    receiver.failNext('/flaky', 3);
    const ticket = await createTicket(caller, columnId, { title: 'Flaky' });
    ok(await api(caller, 'PATCH', `/tickets/${ticket.id}`, { version: ticket.version, title: 'Flaky, edited' }));
    const [delivery] = await until('the fourth attempt', async () => {
      const list = ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries`)).body.data;
      return list[0]?.status === 'delivered' && list;
    });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 200 });
    const detail = ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries/${delivery.id}`)).body;
    expect(detail.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(detail.attemptLog.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4]);
    // Backoff: each wait at least the one before's minimum (1 s · 2ⁿ · ½), minus the worker's polling slack.
    const messages = receiver.on('/flaky');
    expect(messages).toHaveLength(4);
    expect(new Set(messages.map((m) => m.headers['webhook-id'])).size).toBe(1); // the same message every time
    const gaps = messages.slice(1).map((m, i) => m.at - messages[i]!.at);
    expect(gaps[2]!).toBeGreaterThanOrEqual(1500);
    for (const message of messages) expect(verify(hook.secret, message).data.title).toBe('Flaky, edited');
  });

  it('rotation: both secrets sign during the grace period', async () => {
    const hook = await createWebhook('/rotate', ['board.deleted']);
    const rotated = ok(await api(caller, 'POST', `/webhooks/${hook.id}/rotate-secret`)).body;
    expect(rotated.secret).not.toBe(hook.secret);
    expect(new Date(rotated.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    ok(await api(caller, 'POST', `/webhooks/${hook.id}/test`), 201);
    const [message] = await until(
      'the test event',
      () => receiver.on('/rotate').length === 1 && receiver.on('/rotate'),
    );
    expect(message!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(rotated.secret, message!).type).toBe('webhook.test');
    expect(verify(hook.secret, message!).type).toBe('webhook.test');
    // The secret itself is never shown again.
    const shown = ok(await api(caller, 'GET', `/webhooks/${hook.id}`)).body;
    expect(JSON.stringify(shown)).not.toContain(rotated.secret);
    expect(shown.secretPrefix).toBe(`${rotated.secret.slice(0, 10)}…`);
  });

  it('subscriptions: families and * select events; other events are not sent', async () => {
    const family = await createWebhook('/family', ['column.*']);
    const board = await createBoard(caller, { columns: ['X'] });
    ok(await api(caller, 'POST', `/boards/${board.id}/columns`, { name: 'Y' }), 201);
    await until('column.created', () => receiver.on('/family').length >= 1);
    const types = receiver.on('/family').map((m) => verify(family.secret, m).type);
    expect(types).toEqual(['column.created']);
  });
});

describe('failures', () => {
  it('a dead-lettered delivery can be redelivered after the receiver is fixed', async () => {
    const hook = await createWebhook('/dead', ['ticket.created']);
    await createTicket(caller, columnId, { title: 'Doomed at first' });
    const [delivery] = await until('a delivery row', async () => {
      const list = ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries`)).body.data;
      return list.length === 1 && list;
    });
    // Dead-letter it as the last retry would (a day of retries is not waited for here).
    await withTenant(owner.workspaceId, (tx) =>
      tx.execute(sql`update webhook_deliveries set status = 'failed' where id = ${delivery.id}`),
    );
    const before = receiver.on('/dead').length;
    const retried = ok(await api(caller, 'POST', `/webhooks/${hook.id}/deliveries/${delivery.id}/retry`), 201).body;
    expect(retried.status).toBe('pending');
    await until('the redelivery', () => receiver.on('/dead').length > before);
    const again = receiver.on('/dead').at(-1)!;
    expect(again.headers['webhook-id']).toBe(`msg_${delivery.id}`);
    expectProblem(await api(caller, 'POST', `/webhooks/${hook.id}/deliveries/${randomUUID()}/retry`), 404);
  });

  it('a URL whose host now resolves to a private address is refused at delivery: dead at once, nothing sent', async () => {
    const hook = await createWebhook('/ssrf', ['board.deleted']);
    // As if its DNS changed after creation: the host now resolves to loopback (localhost, via /etc/hosts).
    await withTenant(owner.workspaceId, (tx) =>
      tx.execute(
        sql`update webhook_endpoints set url = ${`http://localhost:${receiver.port}/ssrf`} where id = ${hook.id}`,
      ),
    );
    // And no allow list this time (the default): loopback is not a webhook target.
    process.env.WEBHOOK_ALLOWED_HOSTS = '';
    resetEnv();
    try {
      ok(await api(caller, 'POST', `/webhooks/${hook.id}/test`), 201);
      const [delivery] = await until('the refusal', async () => {
        const list = ok(await api(caller, 'GET', `/webhooks/${hook.id}/deliveries`)).body.data;
        return list[0]?.status === 'failed' && list;
      });
      expect(delivery.attempts).toBe(1);
      expect(delivery.lastError).toMatch(/localhost resolves to .*not a public address/);
      expect(receiver.on('/ssrf')).toHaveLength(0);
    } finally {
      process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
      resetEnv();
    }
  });

  it('an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_HOURS is turned off, audited, admins notified', async () => {
    const hook = await createWebhook('/broken', ['board.deleted']);
    await withTenant(owner.workspaceId, (tx) =>
      tx.execute(sql`update webhook_endpoints set failing_since = now() - interval '4 days' where id = ${hook.id}`),
    );
    receiver.failNext('/broken', 1, 503);
    ok(await api(caller, 'POST', `/webhooks/${hook.id}/test`), 201);
    const disabled = await until('the endpoint to be disabled', async () => {
      const body = ok(await api(caller, 'GET', `/webhooks/${hook.id}`)).body;
      return body.enabled === false && body;
    });
    expect(disabled.disabledReason).toBe('failing');
    const audit = await auditLog(caller, `resourceId=${hook.id}&action=DISABLE`);
    expect(audit).toMatchObject([{ actorType: 'system', action: 'DISABLE', resourceType: 'webhook' }]);
    expect(audit[0]!.actorId).toMatch(/^webhooks\.deliver:/);
    const notices = ok(await api(caller, 'GET', '/notifications')).body;
    expect(notices.data.find((n: { kind: string }) => n.kind === 'webhook_disabled')).toMatchObject({
      link: expect.stringMatching(/\/settings\/webhooks$/),
      readAt: null,
    });
    // A disabled endpoint gets no events and refuses test events until an admin turns it back on.
    expectProblem(await api(caller, 'POST', `/webhooks/${hook.id}/test`), 409, 'CONFLICT');
    const enabled = ok(await api(caller, 'PATCH', `/webhooks/${hook.id}`, { enabled: true })).body;
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});

describe('the API around it', () => {
  it('refuses URLs that can never be delivered, with problem+json', async () => {
    // (127.0.0.1 itself is allowed in this suite, as WEBHOOK_ALLOWED_HOSTS would allow an internal receiver.)
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://0xa9fea9fe/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://[::1]/hook',
      'http://3232235777/hook',
      'http://10.0.0.8/hook',
      'http://localhost/hook',
      'http://LOCALHOST./hook',
      'ftp://example.com/hook',
      'https://user:pw@example.com/hook',
    ]) {
      const response = await api(caller, 'POST', '/webhooks', { url, events: ['*'] });
      expectProblem(response, 422, 'VALIDATION_FAILED');
    }
    expectProblem(await api(caller, 'POST', '/webhooks', { url: 'https://example.com/h', events: ['nope.*'] }), 422);
    expectProblem(await api(caller, 'POST', '/webhooks', { url: 'https://example.com/h', events: [] }), 422);
  });

  it('is for admins: a member is refused, and every change is audited', async () => {
    const { caller: member } = await joinAs(owner, 'member');
    expectProblem(await api(member, 'GET', '/webhooks'), 403, 'FORBIDDEN');
    expectProblem(
      await api(member, 'POST', '/webhooks', { url: 'https://example.com/h', events: ['*'] }),
      403,
      'FORBIDDEN',
    );
    const hook = ok(
      await api(caller, 'POST', '/webhooks', {
        url: 'https://hooks.example.com/audited',
        events: ['ticket.*'],
        description: 'Audited',
      }),
      201,
    ).body;
    ok(await api(caller, 'PATCH', `/webhooks/${hook.id}`, { events: ['ticket.created', 'comment.*'] }));
    ok(await api(caller, 'POST', `/webhooks/${hook.id}/rotate-secret`));
    ok(await api(caller, 'DELETE', `/webhooks/${hook.id}`), 204);
    const actions = (await auditLog(caller, `resourceId=${hook.id}`)).map((e) => e.action).sort();
    expect(actions).toEqual(['CREATE', 'DELETE', 'ROTATE', 'UPDATE']);
    const audit = JSON.stringify(await auditLog(caller, `resourceId=${hook.id}`));
    expect(audit).not.toContain(hook.secret);
    expectProblem(await api(caller, 'GET', `/webhooks/${hook.id}`), 404);
  });

  it('counts deliveries in the workspace usage', async () => {
    const usage = ok(await api(caller, 'GET', '/usage')).body;
    expect(usage.totalWebhookDeliveries).toBeGreaterThanOrEqual(5);
    const today = new Date().toISOString().slice(0, 10);
    expect(usage.days.find((d: { day: string }) => d.day === today).webhookDeliveries).toBeGreaterThanOrEqual(5);
  });

  it('stores secrets encrypted, never in clear', async () => {
    const hook = await createWebhook('/at-rest', ['board.deleted']);
    const db = await getDb();
    const found = (await withTenant(owner.workspaceId, (tx) =>
      tx.execute(sql`select secret_ciphertext from webhook_endpoints where id = ${hook.id}`),
    )) as unknown as { rows: { secret_ciphertext: string }[] };
    expect(found.rows[0]!.secret_ciphertext).toMatch(/^v1:/);
    expect(found.rows[0]!.secret_ciphertext).not.toContain(hook.secret.slice(6, 20));
    expect(db).toBeDefined();
  });
});
