import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/client';
import { liveInstances } from '../../src/server/db/instances';
import { beatOnce, instanceId, startHeartbeat, stopHeartbeat } from '../../src/server/heartbeat';

// Heartbeats: each process keeps one row in `instances`, the doctor counts replicas from them and reads how each
// is configured (a replica counting rate limits alone next to a shared store is a finding).

beforeAll(async () => {
  await getDb();
});

describe('instance heartbeats', () => {
  it('a beat creates this process row with its configuration, a second one refreshes it', async () => {
    await beatOnce();
    const [first] = (await liveInstances()).filter((i) => i.id === instanceId());
    expect(first).toBeDefined();
    expect(first!.details).toMatchObject({ node: process.versions.node, rateLimitBackend: 'memory' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await beatOnce();
    const [second] = (await liveInstances()).filter((i) => i.id === instanceId());
    expect(second!.lastSeenAt.getTime()).toBeGreaterThan(first!.lastSeenAt.getTime());
    expect(second!.startedAt.getTime()).toBe(first!.startedAt.getTime());
  });

  it('stopping removes the row; only recent beats count as live', async () => {
    startHeartbeat();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await liveInstances()).map((i) => i.id)).toContain(instanceId());
    await stopHeartbeat();
    expect((await liveInstances()).map((i) => i.id)).not.toContain(instanceId());
  });
});
