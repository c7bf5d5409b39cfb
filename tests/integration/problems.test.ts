import { beforeAll, describe, expect, it } from 'vitest';
import { api, as, signUp } from '../support/api';
import { expectProblem, ok, rawRequest, warmUp } from '../support/fixtures';
import { errorResponse, handle } from '../../src/server/http/handler';
import { apiV1 } from '../../src/api/v1';
import { unknownRoute } from '../../src/server/http/unknown-route';

beforeAll(warmUp);

describe('problem+json', () => {
  it('invalid JSON body → 400 BAD_REQUEST', async () => {
    const alice = await signUp('Alice');
    expectProblem(await api(as(alice), 'POST', '/boards', '{"name": "unterminated'), 400, 'BAD_REQUEST');
    expectProblem(await api(as(alice), 'POST', '/boards', ''), 400, 'BAD_REQUEST');
    expect(ok(await api(as(alice), 'GET', '/boards')).body.data).toEqual([]);
  });

  it('a cookie-authenticated change from another origin, or with no Origin, → 403 CROSS_ORIGIN_REJECTED and nothing changes', async () => {
    const alice = await signUp('Alice');
    const headers = { cookie: alice.cookie, 'x-tika-workspace': alice.workspaceId, 'content-type': 'application/json' };
    expectProblem(
      await rawRequest('createBoard', {
        path: '/boards',
        headers: { ...headers, origin: 'https://evil.example' },
        body: '{"name":"x"}',
      }),
      403,
      'CROSS_ORIGIN_REJECTED',
    );
    expectProblem(
      await rawRequest('createBoard', {
        path: '/boards',
        headers: { ...headers, origin: 'null' },
        body: '{"name":"x"}',
      }),
      403,
      'CROSS_ORIGIN_REJECTED',
    );
    // rawRequest adds our Origin like a browser would; this one goes to the handler without it.
    const noOrigin = await handle(apiV1.find((e) => e.operationId === 'createBoard')!)(
      new Request('http://localhost/api/v1/boards', { method: 'POST', headers, body: '{"name":"x"}' }),
    );
    expectProblem(
      { status: noOrigin.status, body: await noOrigin.json(), headers: noOrigin.headers },
      403,
      'CROSS_ORIGIN_REJECTED',
    );
    expect(ok(await api(as(alice), 'GET', '/boards')).body.data).toEqual([]);
    ok(await rawRequest('createBoard', { path: '/boards', headers, body: '{"name":"mine"}' }), 201);
  });

  it('wrong or missing content type → 415; JSON with a charset or +json suffix is accepted', async () => {
    const alice = await signUp('Alice');
    const headers = { cookie: alice.cookie, 'x-tika-workspace': alice.workspaceId };
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
    ]) {
      expectProblem(
        await rawRequest('createBoard', {
          path: '/boards',
          headers: { ...headers, 'content-type': type },
          body: '{"name":"x"}',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    }
    expectProblem(
      await rawRequest('createBoard', { path: '/boards', headers, body: '{"name":"x"}' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    ok(
      await rawRequest('createBoard', {
        path: '/boards',
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body: '{"name":"a"}',
      }),
      201,
    );
    ok(
      await rawRequest('createBoard', {
        path: '/boards',
        headers: { ...headers, 'content-type': 'application/merge-patch+json' },
        body: '{"name":"b"}',
      }),
      201,
    );
    expect(ok(await api(as(alice), 'GET', '/boards')).body.data.map((b: { name: string }) => b.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('a body over 1 MB → 413', async () => {
    const alice = await signUp('Alice');
    const huge = JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) });
    expectProblem(await api(as(alice), 'POST', '/boards', huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a malformed uuid in the path → 404 (a resource that cannot exist)', async () => {
    const alice = await signUp('Alice');
    for (const path of ['/boards/not-a-uuid', '/tickets/123', '/tickets/zzz/comments']) {
      const problem = expectProblem(await api(as(alice), 'GET', path), 404, 'NOT_FOUND');
      expect(problem.errors[0].path).toMatch(/^params\./);
    }
    expectProblem(await api(as(alice), 'DELETE', '/comments/%27%3B--'), 404, 'NOT_FOUND');
  });

  it('422 carries errors[] with body paths, messages and codes', async () => {
    const alice = await signUp('Alice');
    const problem = expectProblem(
      await api(as(alice), 'POST', '/boards', { title: 'wrong field', description: 7 }),
      422,
      'VALIDATION_FAILED',
    );
    expect(problem.type).toBe('https://tika.dev/problems/validation-failed');
    expect(problem.title).toBe('Validation failed');
    const paths = problem.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['body.description', 'body.name']);
    for (const error of problem.errors)
      expect(error).toEqual({ path: expect.any(String), message: expect.any(String), code: expect.any(String) });
    const board = ok(await api(as(alice), 'POST', '/boards', { name: 'ok' }), 201).body;
    const ticket = expectProblem(
      await api(as(alice), 'POST', '/tickets', { columnId: board.columns[0].id, title: '' }),
      422,
      'VALIDATION_FAILED',
    );
    expect(ticket.errors.map((e: { path: string }) => e.path)).toEqual(['body.title']);
    const query = expectProblem(await api(as(alice), 'GET', '/audit-log?actorType=robot'), 422, 'VALIDATION_FAILED');
    expect(query.errors.map((e: { path: string }) => e.path)).toEqual(['query.actorType']);
  });

  it('every error class answers in the same shape: 401, 403, 404, 409', async () => {
    const alice = await signUp('Alice');
    expectProblem(await api({}, 'GET', '/boards'), 401, 'UNAUTHENTICATED');
    const token = ok(await api(as(alice), 'POST', '/tokens', { name: 'v', role: 'viewer' }), 201).body.token;
    expectProblem(await api({ token }, 'POST', '/boards', { name: 'x' }), 403, 'FORBIDDEN');
    expectProblem(await api(as(alice), 'GET', `/boards/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    const board = ok(await api(as(alice), 'POST', '/boards', { name: 'b' }), 201).body;
    ok(await api(as(alice), 'POST', '/tickets', { columnId: board.columns[0].id, title: 't' }), 201);
    expectProblem(await api(as(alice), 'DELETE', `/columns/${board.columns[0].id}`), 409, 'CONFLICT');
  });

  it('echoes a sane x-request-id and replaces an insane one', async () => {
    const alice = await signUp('Alice');
    const sane = 'trace-0123456789abcdef';
    const failed = await api(
      { ...as(alice), headers: { 'x-request-id': sane } },
      'GET',
      `/boards/${crypto.randomUUID()}`,
    );
    expect(failed.headers.get('x-request-id')).toBe(sane);
    expect(expectProblem(failed, 404).requestId).toBe(sane);
    const succeeded = await api({ ...as(alice), headers: { 'x-request-id': sane } }, 'GET', '/boards');
    expect(succeeded.headers.get('x-request-id')).toBe(sane);
    const insane = await api(
      { ...as(alice), headers: { 'x-request-id': 'bad id with spaces <script>' } },
      'GET',
      `/boards/${crypto.randomUUID()}`,
    );
    expect(insane.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(insane.headers.get('x-request-id')).toBe(insane.body.requestId);
  });

  it('an unexpected error → 500 that does not echo internals', async () => {
    const response = errorResponse(
      new Error('connection to 10.0.0.5 failed: password authentication for "tika_owner"'),
      'req-00000000',
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const text = await response.text();
    expect(text).not.toContain('10.0.0.5');
    expect(text).not.toContain('tika_owner');
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'INTERNAL', requestId: 'req-00000000' });
    // A database error the client caused maps to its own status instead.
    const dup = errorResponse(
      Object.assign(new Error('duplicate key value violates unique constraint "workspaces_slug_key"'), {
        code: '23505',
      }),
      'req-00000001',
    );
    expect(dup.status).toBe(409);
    expect(await dup.text()).not.toContain('workspaces_slug_key');
  });

  it('unknown API paths answer with a problem, not an HTML page', async () => {
    const response = await unknownRoute(
      new Request('http://localhost/api/v1/nope', { method: 'PUT', headers: { 'x-request-id': 'trace-unknown-1' } }),
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'NOT_FOUND',
      requestId: 'trace-unknown-1',
      detail: expect.stringContaining('PUT /api/v1/nope'),
    });
  });
});

describe('a method a route does not serve', () => {
  it('answers 405 problem+json with Allow and a request id, not Next’s empty 405', async () => {
    const route = await import('../../app/api/v1/boards/[boardId]/route');
    const response = await route.PUT(new Request('http://localhost/api/v1/boards/x', { method: 'PUT' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expect(await response.json()).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      status: 405,
      requestId: response.headers.get('x-request-id'),
    });
    const events = await import('../../app/api/v1/boards/[boardId]/events/route');
    expect(
      (await events.DELETE(new Request('http://localhost/api/v1/boards/x/events', { method: 'DELETE' }))).headers.get(
        'allow',
      ),
    ).toBe('GET');
  });
});
