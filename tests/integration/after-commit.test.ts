import { beforeAll, describe, expect, it } from 'vitest';
import { createTicket } from '../../src/modules/tickets';
import type { TenantContext } from '../../src/server/context';
import { afterCommit, withJoinableTenant, withTenant } from '../../src/server/db/tenant';
import { metrics } from '../../src/server/metrics';
import { as, signUp, type TestUser } from '../support/api';
import { createBoard, warmUp } from '../support/fixtures';

beforeAll(warmUp);

// "After the commit" means after the OUTERMOST commit: a use case joined into the idempotency transaction has
// not committed when its own withTenant returns, and its effects must wait — or vanish with a rollback.
describe('after-commit effects', () => {
  let alice: TestUser;
  let ctx: TenantContext;
  let columnId: string;
  beforeAll(async () => {
    alice = await signUp('Alice');
    ctx = {
      tenantId: alice.workspaceId,
      role: 'owner',
      actor: { type: 'user', id: alice.id },
      requestId: 'after-commit-test',
      ip: null,
      userAgent: null,
    };
    columnId = (await createBoard(as(alice), { name: 'Effects' })).columns[0]!.id;
  });

  const createdTotal = async () => (await metrics().ticketsCreated.get()).values[0]?.value ?? 0;

  it('run once the transaction commits, not when the inner withTenant returns', async () => {
    const seen: string[] = [];
    await withJoinableTenant(ctx.tenantId, async () => {
      await withTenant(ctx.tenantId, async () => afterCommit(() => seen.push('effect')));
      seen.push('inner returned');
    });
    expect(seen).toEqual(['inner returned', 'effect']);
  });

  it('never run when the transaction rolls back', async () => {
    const seen: string[] = [];
    await expect(
      withJoinableTenant(ctx.tenantId, async () => {
        await withTenant(ctx.tenantId, async () => afterCommit(() => seen.push('effect')));
        throw new Error('rolled back after the use case');
      }),
    ).rejects.toThrow('rolled back');
    expect(seen).toEqual([]);
  });

  it('count a created ticket once it is committed, and not at all when its transaction rolls back', async () => {
    const before = await createdTotal();
    await createTicket(ctx, { columnId, title: 'Committed', description: '', priority: 'none', labels: [] });
    expect(await createdTotal()).toBe(before + 1);
    await expect(
      withJoinableTenant(ctx.tenantId, async () => {
        await createTicket(ctx, { columnId, title: 'Rolled back', description: '', priority: 'none', labels: [] });
        throw new Error('the idempotency answer could not be stored');
      }),
    ).rejects.toThrow('could not be stored');
    expect(await createdTotal()).toBe(before + 1);
  });
});
