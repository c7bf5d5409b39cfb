import { awayFromWindowEdge } from '../support/rate-window';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnv } from '../../src/server/env';
import { flushUsage } from '../../src/server/usage-meter';
import { api, as, signUp } from '../support/api';

// The ops layer in-process (the real-component suites are in tests/ops): usage metering, flags with workspace
// overrides and their audit rows, the comment feature gate, and the in-memory rate limiter with its headers.

afterEach(() => {
  process.env.RATE_LIMIT_PLAN_FREE = '100000/1m';
  delete process.env.FLAG_KILL_SWITCH_SEARCH;
  resetEnv();
});

describe('ops in-process', () => {
  it('meters API calls per workspace and shows them to admins only', async () => {
    const owner = await signUp('Owner');
    for (let i = 0; i < 3; i++) expect((await api(as(owner), 'GET', '/boards')).status).toBe(200);
    await flushUsage();
    const usage = await api(as(owner), 'GET', '/usage');
    expect(usage.status).toBe(200);
    expect(usage.body.totalApiCalls).toBeGreaterThanOrEqual(3);
    const token = await api(as(owner), 'POST', '/tokens', { name: 'v', role: 'viewer' });
    expect((await api({ token: token.body.token }, 'GET', '/usage')).status).toBe(403);
    expect((await api(as(owner), 'GET', '/usage?from=2026-02-01&to=2026-01-01')).status).toBe(422);
  });

  it('lets admins override product flags (audited), gating the comment endpoints', async () => {
    const owner = await signUp('Owner');
    const flags = await api(as(owner), 'GET', '/flags');
    expect(flags.body.data.find((f: { name: string }) => f.name === 'TICKET_COMMENTS')).toMatchObject({
      enabled: true,
      source: 'default',
    });
    const board = await api(as(owner), 'POST', '/boards', { name: 'B', columns: ['A'] });
    const ticket = await api(as(owner), 'POST', '/tickets', { columnId: board.body.columns[0].id, title: 'T' });
    expect((await api(as(owner), 'PUT', '/flags', { overrides: { TICKET_COMMENTS: false } })).status).toBe(200);
    const refused = await api(as(owner), 'POST', `/tickets/${ticket.body.id}/comments`, { body: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FEATURE_DISABLED', flag: 'TICKET_COMMENTS' });
    const audit = await api(as(owner), 'GET', '/audit-log?resourceType=settings');
    expect(audit.body.data[0]).toMatchObject({ action: 'UPDATE', resourceId: 'flag:TICKET_COMMENTS' });
    expect((await api(as(owner), 'PUT', '/flags', { overrides: { TICKET_COMMENTS: null } })).status).toBe(200);
    expect((await api(as(owner), 'POST', `/tickets/${ticket.body.id}/comments`, { body: 'x' })).status).toBe(201);
    const member = await api(as(owner), 'POST', '/tokens', { name: 'm', role: 'member' });
    expect(
      (await api({ token: member.body.token }, 'PUT', '/flags', { overrides: { KANBAN_SWIMLANES: true } })).status,
    ).toBe(403);
  });

  it('switches text search off with the kill switch (503 problem)', async () => {
    const owner = await signUp('Owner');
    process.env.FLAG_KILL_SWITCH_SEARCH = 'on';
    resetEnv();
    const killed = await api(as(owner), 'GET', '/tickets?q=docs');
    expect(killed.status).toBe(503);
    expect(killed.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', flag: 'KILL_SWITCH_SEARCH' });
    expect((await api(as(owner), 'GET', '/tickets')).status).toBe(200);
  });

  it('rate-limits a workspace by plan with RateLimit headers (memory backend)', async () => {
    await awayFromWindowEdge();
    const owner = await signUp('Owner');
    process.env.RATE_LIMIT_PLAN_FREE = '2/1m';
    resetEnv();
    const first = await api(as(owner), 'GET', '/boards');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await api(as(owner), 'GET', '/boards')).status).toBe(200);
    const limited = await api(as(owner), 'GET', '/boards');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
