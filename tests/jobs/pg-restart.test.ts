import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBoard, newWorkspace, send, type Workspace } from '../support/faults-api';
import { startFaultPostgres, superQuery, type FaultPostgres } from '../support/faults-env';
import { sleep, startApp, waitFor, type App } from '../support/procs';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { jobsAppEnv, recordJobs, scale } from './support';

// PostgreSQL restarted while a queue of webhook deliveries drains: every committed event is delivered (nothing
// lost), each message verifies, and duplicates stay within the documented at-least-once — a receiver that
// dedupes on webhook-id sees every event exactly once.

const EVENTS = scale === 'full' ? 400 : 80;
const OUTAGE_MS = scale === 'full' ? 8_000 : 3_000;

let db: FaultPostgres;
let app: App;
let receiver: Receiver;
let workspace: Workspace;

beforeAll(async () => {
  db = await startFaultPostgres('jobs-pg-restart');
  receiver = await startReceiver({ delayMs: 25 });
  app = await startApp(
    jobsAppEnv(db, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_DELAY_SECONDS: '1', LOG_LEVEL: 'error' }),
  );
  workspace = await newWorkspace(app.url);
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
  await db?.destroy();
});

describe('PostgreSQL restarted mid-queue', () => {
  it(`delivers all ${EVENTS} committed events, signed, none lost`, async () => {
    const hook = await send(workspace.caller, 'POST', '/api/v1/webhooks', {
      body: { url: receiver.url('/events'), events: ['ticket.created'] },
    });
    expect(hook.status, `${JSON.stringify(hook.body)}\n${app.stdout.slice(-10).join('\n')}`).toBe(201);
    const board = await newBoard(workspace.caller, 'Restart');
    const created: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const ticket = await send(workspace.caller, 'POST', '/api/v1/tickets', {
        body: { columnId: board.columnIds[0], title: `event ${i}` },
      });
      expect(ticket.status, `${JSON.stringify(ticket.body)}\n${app.stdout.slice(-6).join('\n')}`).toBe(201);
      created.push(ticket.body.id);
    }
    // Restart the database while deliveries are still going out.
    await waitFor('a quarter delivered', async () => receiver.on('/events').length >= EVENTS / 4, 60_000, 50);
    const deliveredBefore = receiver.on('/events').length;
    await db.stop();
    await sleep(OUTAGE_MS);
    await db.start();

    await waitFor(
      'every delivery to be recorded delivered',
      async () => {
        const [row] = await superQuery<{ delivered: number }>(
          db,
          `select count(*) filter (where status = 'delivered')::int as delivered from webhook_deliveries`,
        );
        return row!.delivered === EVENTS;
      },
      240_000,
      500,
    );
    const messages = receiver.on('/events');
    const verifier = new Webhook(hook.body.secret);
    const tickets = new Set<string>();
    for (const message of messages)
      tickets.add((verifier.verify(message.body, message.headers) as { data: { id: string } }).data.id);
    expect([...tickets].sort()).toEqual([...created].sort()); // nothing lost, nothing foreign
    const ids = new Set(messages.map((m) => m.headers['webhook-id']));
    expect(ids.size).toBe(EVENTS); // deduped on webhook-id: exactly once each
    const duplicates = messages.length - ids.size;
    expect(duplicates).toBeLessThanOrEqual(Math.ceil(EVENTS * 0.1));
    expect((await fetch(`${app.url}/api/health/ready`)).status).toBe(200);
    recordJobs('pgRestart', {
      events: EVENTS,
      outageMs: OUTAGE_MS,
      deliveredBeforeOutage: deliveredBefore,
      received: messages.length,
      duplicates,
    });
  });
});
