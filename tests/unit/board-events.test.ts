import { describe, expect, it } from 'vitest';
import { encodeBoardEvent, parseBoardEvent, type BoardEvent } from '../../src/server/realtime/events';

// Issue #12, finding 7: anyone with SQL access as the runtime role can NOTIFY the board-events channel, so the hub
// believes only payloads signed by a Tika process. tests/security/database-defence.test.ts shows a forged
// pg_notify never reaching a live stream end to end.
process.env.BETTER_AUTH_SECRET ??= 'board-events-unit-test-secret-0123456789';

const event: BoardEvent = {
  tenantId: '5f0c3a5e-0000-4000-8000-000000000001',
  boardId: '5f0c3a5e-0000-4000-8000-000000000002',
  kind: 'ticket.moved',
  ticketId: '5f0c3a5e-0000-4000-8000-000000000003',
  version: 3,
  columnId: '5f0c3a5e-0000-4000-8000-000000000004',
};

describe('signed board events', () => {
  it('an event Tika published parses back unchanged', () => {
    expect(parseBoardEvent(encodeBoardEvent(event))).toEqual(event);
  });

  it('an unsigned, re-signed, tampered or truncated payload is dropped', () => {
    const signed = encodeBoardEvent(event);
    const [signature, json] = [signed.slice(0, signed.indexOf('.')), signed.slice(signed.indexOf('.') + 1)];
    const other = { ...event, tenantId: '5f0c3a5e-0000-4000-8000-0000000000ff' };
    for (const forged of [
      JSON.stringify(event),
      `${signature}.${JSON.stringify(other)}`,
      `${'A'.repeat(signature.length)}.${json}`,
      `${signature.slice(0, -2)}.${json}`,
      `.${json}`,
      signature,
      '',
    ])
      expect(parseBoardEvent(forged), forged.slice(0, 60)).toBeNull();
  });
});
