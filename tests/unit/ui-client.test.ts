import { describe, expect, it } from 'vitest';
import { ApiError, describeError, problemError } from '@/ui/client';

describe('the browser API client: errors in words', () => {
  it('bug 2: a request refused as cross-site says what to do', () => {
    const refused = new ApiError(403, 'CROSS_ORIGIN_REJECTED', 'Requests from http://127.0.0.1:3000 are not accepted');
    expect(describeError(refused)).toMatch(/Open Tika at its configured address \(APP_URL\)/);
    expect(describeError(new ApiError(403, 'FORBIDDEN', 'Your role cannot do this'))).toBe('Your role cannot do this');
  });

  it('reads problem+json, field errors and the request id of a server error', async () => {
    const response = new Response(null, { status: 500, headers: { 'x-request-id': 'req-1' } });
    const error = problemError(response, { code: 'INTERNAL', title: 'Internal error' });
    expect(describeError(error)).toBe('Internal error (request id req-1)');
    const invalid = problemError(new Response(null, { status: 400 }), {
      code: 'VALIDATION_FAILED',
      detail: 'Invalid body',
      errors: [{ path: 'body.title', message: 'Required' }],
    });
    expect(describeError(invalid)).toBe('Invalid body: Required');
    expect(describeError(problemError(new Response(null, { status: 401 }), null))).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('?')).toBe('Something went wrong.');
  });
});
