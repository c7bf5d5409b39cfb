import { describe, expect, it } from 'vitest';
import { as, signUp } from '../support/api';
import { createBoard } from '../support/fixtures';
import { expectProblemResponse, openStream } from '../support/sse';

// The Neon driver has no LISTEN connection: the stream answers 503 and browsers poll instead.
describe('live board events on the Neon driver', () => {
  it('answers 503 SERVICE_UNAVAILABLE so that clients fall back to polling', async () => {
    const owner = await signUp('Serverless');
    const board = await createBoard(as(owner));
    const { response } = await openStream(owner, board.id, owner.workspaceId);
    expectProblemResponse(response, 503);
    expect((await response.json()).code).toBe('SERVICE_UNAVAILABLE');
  });
});
