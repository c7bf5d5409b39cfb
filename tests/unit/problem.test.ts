import { describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, problemBody, problemResponse } from '../../src/server/http/problem';
import { AppError } from '../../src/server/errors';

describe('problem+json', () => {
  it('builds an RFC 9457 body with a stable type per code', () => {
    const body = problemBody(new AppError('WIP_LIMIT_EXCEEDED', 'full', { extra: { wipLimit: 2 } }), 'req-12345678');
    expect(body).toEqual({
      type: 'https://tika.dev/problems/wip-limit-exceeded',
      title: 'WIP limit reached',
      status: 409,
      code: 'WIP_LIMIT_EXCEEDED',
      detail: 'full',
      requestId: 'req-12345678',
      wipLimit: 2,
    });
  });

  it('includes field errors only when there are some', () => {
    const fields = [{ path: 'body.title', message: 'Required', code: 'invalid_type' }];
    expect(problemBody(new AppError('VALIDATION_FAILED', 'bad', { fields }), 'r1234567').errors).toEqual(fields);
    expect('errors' in problemBody(new AppError('NOT_FOUND', 'gone'), 'r1234567')).toBe(false);
  });

  it('extension members never overwrite the standard ones', () => {
    const body = problemBody(
      new AppError('CONFLICT', 'real detail', {
        extra: { status: 'revoked', type: 'x', code: 'Y', detail: 'z', requestId: 'forged', title: 't', hint: 1 },
      }),
      'req-12345678',
    );
    expect(body).toMatchObject({
      status: 409,
      type: 'https://tika.dev/problems/conflict',
      code: 'CONFLICT',
      detail: 'real detail',
      requestId: 'req-12345678',
      title: 'Conflict',
      hint: 1,
    });
  });

  it('responds with status, content type, request id and no-store', async () => {
    const response = problemResponse(new AppError('FORBIDDEN', 'no'), 'req-abcdefgh', { 'retry-after': '5' });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-abcdefgh');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      title: 'Forbidden',
      detail: 'no',
      requestId: 'req-abcdefgh',
    });
  });
});
