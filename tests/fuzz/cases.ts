import fc from 'fast-check';
import {
  Deep,
  deepValue,
  malformedJsonText,
  nastyNumber,
  nastyString,
  overlongString,
  unicodeSamples,
  wrongTyped,
} from './nasty';
import type { JsonSchema, Operation } from './openapi';
import { Ref, hintFor, refOf, validValue, type RefScope } from './values';

// One generated request, before ids are resolved: which caller, which path params, query, headers and body, and
// the category that produced it (for the per-category figures).

export type Category =
  | 'valid'
  | 'mutated-field'
  | 'unicode'
  | 'wrong-type'
  | 'malformed'
  | 'deep'
  | 'oversized'
  | 'path-param'
  | 'query'
  | 'headers'
  | 'auth';

/** A path segment: a Ref to an existing id, a value to percent-encode, or raw text sent exactly as given. */
export type Segment = { ref: Ref } | { value: string } | { raw: string };

export type Caller =
  | { kind: 'own'; pick: number }
  | { kind: 'spare'; pick: number }
  | { kind: 'other'; pick: number }
  | { kind: 'doomed'; pick: number }
  | { kind: 'none' }
  | { kind: 'revoked' }
  | { kind: 'garbage'; authorization?: string; cookie?: string };

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string | Buffer }
  | { kind: 'oversized'; value: unknown; padding: number; chunked: boolean };

export type WorkspaceHeader =
  | { kind: 'default' }
  | { kind: 'omit' }
  | { kind: 'ref'; scope: RefScope | 'slug' | 'other-slug' }
  | { kind: 'value'; value: string };

export interface Plan {
  operationId: string;
  category: Category;
  caller: Caller;
  workspace: WorkspaceHeader;
  params: Record<string, Segment>;
  /** [name, value] pairs; values are percent-encoded unless raw. */
  query: { name: string; value: string | Ref; raw?: boolean }[];
  contentType?: string | null;
  extraHeaders: Record<string, string>;
  body: Body;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

const ownCaller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(100).map((pick) => ({ kind: 'own' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(100).map((pick) => ({ kind: 'spare' as const, pick })) },
);

const headerText = (s: string) =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, '');

const garbageCaller: fc.Arbitrary<Caller> = fc.oneof(
  fc
    .constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer  tika_',
      'bearer tika_0000000000000000000000000000000000000000',
      'Basic dXNlcjpwYXNz',
      'Bearer tika_' + 'A'.repeat(2_000),
      'Bearer a b',
      'Token tika_abc',
      'Bearer tinv_abc',
      'Bearer tika_abc, Bearer tika_def',
      'Negotiate YII=',
      '',
    )
    .map((authorization) => ({ kind: 'garbage' as const, authorization })),
  fc
    .string({ unit: 'binary', maxLength: 60 })
    .map((s) => ({ kind: 'garbage' as const, authorization: `Bearer ${headerText(s)}` })),
  fc
    .constantFrom(
      'better-auth.session_token=garbage',
      'better-auth.session_token=',
      'better-auth.session_token=%E0%A4%A',
      'better-auth.session_token=' + 'x'.repeat(4_000),
      'tika_workspace=%ZZ; better-auth.session_token=a.b',
      '=;=;=',
    )
    .map((cookie) => ({ kind: 'garbage' as const, cookie })),
);

const anyCaller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 6, arbitrary: ownCaller },
  { weight: 1, arbitrary: fc.nat(100).map((pick) => ({ kind: 'other' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoked' as const }) },
  { weight: 1, arbitrary: garbageCaller },
);

const oddWorkspace: fc.Arbitrary<WorkspaceHeader> = fc.oneof(
  fc.constant({ kind: 'omit' as const }),
  fc
    .constantFrom('other', 'dead', 'slug', 'other-slug')
    .map((scope) => ({ kind: 'ref' as const, scope: scope as RefScope | 'slug' | 'other-slug' })),
  fc
    .oneof(
      fc.uuid(),
      fc.constantFrom(
        '',
        ' ',
        'null',
        '*',
        '%',
        '../',
        "' or 1=1 --",
        'x'.repeat(8_000),
        '00000000-0000-0000-0000-000000000000',
      ),
      fc.constantFrom(...unicodeSamples).map(headerText),
    )
    .map((value) => ({ kind: 'value' as const, value })),
);

const badSegments: fc.Arbitrary<Segment> = fc.oneof(
  fc
    .constantFrom(
      'not-a-uuid',
      '1',
      '-1',
      '0',
      'null',
      'undefined',
      'NaN',
      '00000000-0000-0000-0000-000000000000',
      "' or 1=1 --",
      'a'.repeat(300),
      'a'.repeat(5_000),
    )
    .map((value) => ({ value })),
  fc.uuid().map((u) => ({ value: u.toUpperCase() })),
  fc.uuid().map((u) => ({ value: `{${u}}` })),
  fc.uuid().map((u) => ({ value: `${u}x` })),
  fc.uuid().map((u) => ({ value: u.replaceAll('-', '') })),
  fc
    .constantFrom(...unicodeSamples)
    .filter((s) => s.length > 0)
    .map((value) => ({ value })),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((value) => ({ value })),
  // Traversal and encodings a router might trip on.
  fc
    .constantFrom(
      '..%2F..%2Fworkspace',
      '%2e%2e%2f%2e%2e%2fme',
      '%2F',
      'a%2Fb',
      '%252e%252e',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '%C0%AF',
      '%ED%A0%80',
      '%FF',
      '..;',
      '~',
      '.%2e',
    )
    .map((raw) => ({ raw })),
);

function pathSegment(name: string, category: Category): fc.Arbitrary<Segment> {
  const kind = hintFor(name) ?? 'boardId';
  const ref = refOf(kind === 'memberId' ? 'userId' : kind).map((r) => ({ ref: r }));
  if (category !== 'path-param') return ref;
  return fc.oneof(
    { weight: 1, arbitrary: refOf(kind, fc.constantFrom<RefScope>('dead', 'other')).map((r) => ({ ref: r })) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value })) },
    { weight: 3, arbitrary: badSegments },
  );
}

function queryValue(schema: JsonSchema, name: string): fc.Arbitrary<string | Ref> {
  const hint = hintFor(name);
  if (hint && hint !== 'version' && hint !== 'invitationToken' && hint !== 'slug') return refOf(hint);
  return validValue(schema, undefined).map((v) => String(v));
}

const cursorLike: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  fc
    .tuple(
      fc.oneof(fc.string(), fc.constant('\u0000'), fc.constantFrom(...unicodeSamples)),
      fc.oneof(fc.uuid(), fc.string()),
      fc.oneof(nastyNumber, fc.string()),
    )
    .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
  fc.tuple(nastyNumber, fc.uuid()).map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
  fc.constantFrom('WzFlOTk5LCJ4Il0', 'W251bGwsbnVsbF0', 'e30', 'W10', '!!!', '====', 'x'.repeat(513)),
  fc.string({ maxLength: 60 }),
);

const nastyQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '201',
    '1e9',
    '1e999',
    'NaN',
    'Infinity',
    '-Infinity',
    '1.5',
    '0x10',
    ' 5',
    '5 ',
    '+5',
    '99999999999999999999',
    'true',
    '[]',
    '{}',
    '2024-02-30',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '2024-13-01T00:00:00Z',
    '1970-01-01T00:00:00+99:99',
  ),
  nastyString.map((v) => v.slice(0, 1_500)),
  cursorLike,
);

function queryArb(op: Operation, category: Category): fc.Arbitrary<Plan['query']> {
  if (op.query.length === 0) {
    return category === 'query'
      ? fc.array(
          fc.tuple(fc.string({ maxLength: 12 }), nastyQueryValue).map(([name, value]) => ({ name, value })),
          { minLength: 1, maxLength: 3 },
        )
      : fc.constant([]);
  }
  const perParam = op.query.map((param) => {
    const valid = queryValue(param.schema, param.name).map((value) => [{ name: param.name, value }]);
    if (category !== 'query')
      return fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: valid });
    const nasty = (param.name === 'cursor' ? fc.oneof(cursorLike, nastyQueryValue) : nastyQueryValue).map((value) => [
      { name: param.name, value },
    ]);
    const twice = fc.tuple(nastyQueryValue, nastyQueryValue).map(([a, b]) => [
      { name: param.name, value: a },
      { name: param.name, value: b },
    ]);
    const raw = fc
      .constantFrom('%', '%zz', '%E0%A4%A', '%00', '%ED%A0%80', '%FF%FE')
      .map((value) => [{ name: param.name, value, raw: true }]);
    const bracket = nastyQueryValue.map((value) => [{ name: `${param.name}[]`, value }]);
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: valid },
      { weight: 4, arbitrary: nasty },
      { weight: 1, arbitrary: twice },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: bracket },
    );
  });
  return fc.tuple(...perParam).map((lists) => lists.flat());
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (value instanceof Ref || value instanceof Deep || value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const inner = entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return prefix.length ? [prefix, ...inner] : inner;
}

function setAt(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return remove ? undefined : replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (remove) delete copy[head!];
    else copy[head!] = replacement;
  } else copy[head!] = setAt(copy[head!], rest, replacement, remove);
  return copy;
}

function mapStrings(value: unknown, replace: (s: string, i: number) => string, counter = { i: 0 }): unknown {
  if (typeof value === 'string') return replace(value, counter.i++);
  if (value instanceof Ref || value instanceof Deep || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace, counter));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace, counter)]));
}

const replacement: fc.Arbitrary<{ remove: boolean; value?: unknown }> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ remove: true }) },
  { weight: 4, arbitrary: wrongTyped.map((value) => ({ remove: false, value })) },
  { weight: 3, arbitrary: nastyString.map((value) => ({ remove: false, value })) },
  { weight: 3, arbitrary: nastyNumber.map((value) => ({ remove: false, value })) },
  { weight: 1, arbitrary: deepValue.map((value) => ({ remove: false, value })) },
  { weight: 1, arbitrary: overlongString.map((value) => ({ remove: false, value })) },
  { weight: 1, arbitrary: refOf('ticketId').map((value) => ({ remove: false, value })) },
);

function bodyArb(op: Operation, category: Category): fc.Arbitrary<Body> {
  const schema = op.body;
  const valid = schema ? validValue(schema) : fc.constant(undefined);
  const json = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
    arb.map((value) => (value === undefined ? { kind: 'none' } : { kind: 'json', value }));
  switch (category) {
    case 'mutated-field':
      if (!schema) return json(wrongTyped);
      return fc
        .tuple(valid, fc.nat(), replacement, fc.boolean(), fc.string({ maxLength: 10 }))
        .map(([body, pick, r, extraKey, key]) => {
          const paths = leafPaths(body);
          if (extraKey || paths.length === 0 || typeof body !== 'object' || body === null) {
            return {
              kind: 'json',
              value: { ...(typeof body === 'object' && body ? body : {}), [key || '__proto__']: r.value ?? null },
            };
          }
          return { kind: 'json', value: setAt(body, paths[pick % paths.length]!, r.value, r.remove) };
        });
    case 'unicode':
      return fc
        .tuple(valid, fc.array(fc.constantFrom(...unicodeSamples), { minLength: 8, maxLength: 8 }), fc.boolean())
        .map(([body, samples, keep]) => ({
          kind: 'json',
          value: mapStrings(body ?? { text: 'x' }, (s, i) => (keep ? `${s}${samples[i % 8]}` : samples[i % 8]!)),
        }));
    case 'wrong-type':
      return json(
        wrongTyped.filter((v) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).length === 0 : true,
        ),
      );
    case 'malformed':
      return malformedJsonText.map((text) => ({ kind: 'text', text }));
    case 'deep':
      return json(deepValue);
    case 'oversized':
      return fc
        .tuple(valid, fc.integer({ min: 1_000_001, max: 1_300_000 }), fc.boolean())
        .map(([value, padding, chunked]) => ({ kind: 'oversized', value, padding, chunked }));
    default:
      return json(valid);
  }
}

const oddContentType: fc.Arbitrary<string | null> = fc.constantFrom(
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=boundary',
  'application/json; charset=utf-16',
  'application/jsonp',
  'application/xml',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/vnd.api+json',
  'json',
  '*/*',
  '',
  'application/json\u00e9',
);

/** An extra-header value that removes the header instead. */
export const OMIT_HEADER = '\u0000omit';

const extraHeaderArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  fc
    .constantFrom('', 'short', 'x'.repeat(129), '../../etc', "' or 1=1", 'ok-request-id-12345')
    .map((v) => ({ 'x-request-id': v })),
  fc
    .constantFrom('not-an-ip', '999.999.999.999', '127.0.0.1, 10.0.0.1', '::1', 'x'.repeat(200))
    .map((v) => ({ 'x-forwarded-for': v })),
  fc.constantFrom(6_000, 12_000).map((n) => ({ 'x-fuzz-padding': 'p'.repeat(n) })),
  fc.constantFrom(...Array.from({ length: 4 }, (_, i) => `fuzz-key-${i}`)).map((v) => ({ 'idempotency-key': v })),
  fc.constantFrom('text/html', 'application/xml', '*/*;q=0', 'application/problem+json').map((v) => ({ accept: v })),
  fc
    .constantFrom('', ' ', 'x', 'k'.repeat(256), '\u00ff\u00fe', "' or 1=1", 'a b', 'tab\there')
    .map((v) => ({ 'idempotency-key': v })),
  fc.constantFrom('gzip', 'br', 'identity', 'x-unknown').map((v) => ({ 'content-encoding': v })),
  // CSRF: foreign, opaque, malformed or missing Origin (OMIT_HEADER removes the one a browser would send).
  fc
    .constantFrom('https://evil.example', 'null', 'http://127.0.0.1', 'not a url', 'http://127.0.0.1:1', OMIT_HEADER)
    .map((v) => ({ origin: v })),
  fc.constantFrom('https://evil.example/page', 'garbage').map((v) => ({ origin: OMIT_HEADER, referer: v })),
);

/** Mostly none; else one of a few keys shared by every operation (replays, reuse with another body) or a fresh one. */
const idempotencyKeyArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.nat(5).map((i) => ({ 'idempotency-key': `fuzz-shared-${i}` })) },
  { weight: 2, arbitrary: fc.uuid().map((u) => ({ 'idempotency-key': u })) },
);

// ---------------------------------------------------------------------------------------------------------------

const bodyCategories: Category[] = ['mutated-field', 'unicode', 'wrong-type', 'malformed', 'deep', 'oversized'];

export function categoriesFor(op: Operation): { category: Category; weight: number }[] {
  const list: { category: Category; weight: number }[] = [
    { category: 'valid', weight: 6 },
    { category: 'auth', weight: 2 },
    { category: 'headers', weight: 2 },
  ];
  if (op.body) {
    for (const category of bodyCategories)
      list.push({ category, weight: category === 'oversized' ? 1 : category === 'mutated-field' ? 6 : 2 });
  } else list.push({ category: 'wrong-type', weight: 1 }, { category: 'oversized', weight: 1 });
  if (op.pathParams.length) list.push({ category: 'path-param', weight: 4 });
  if (op.query.length) list.push({ category: 'query', weight: 4 });
  else list.push({ category: 'query', weight: 1 });
  return list;
}

export function planArb(op: Operation): fc.Arbitrary<Plan> {
  return fc.oneof(...categoriesFor(op).map(({ category, weight }) => ({ weight, arbitrary: planOf(op, category) })));
}

function planOf(op: Operation, category: Category): fc.Arbitrary<Plan> {
  const caller =
    category === 'auth'
      ? anyCaller
      : op.operationId === 'deleteWorkspace' && category === 'valid'
        ? fc.nat(100).map((pick): Caller => ({ kind: 'doomed', pick }))
        : ownCaller;
  const workspace: fc.Arbitrary<WorkspaceHeader> =
    category === 'auth' || category === 'headers'
      ? fc.oneof(fc.constant({ kind: 'default' as const }), oddWorkspace)
      : fc.constant({ kind: 'default' as const });
  const params = fc.record(
    Object.fromEntries(op.pathParams.map((name) => [name, pathSegment(name, category)])),
  ) as fc.Arbitrary<Record<string, Segment>>;
  const contentType = category === 'headers' && op.body ? oddContentType : fc.constant(undefined);
  const idempotent = op.method === 'POST' && (category === 'valid' || category === 'mutated-field');
  const extraHeaders = category === 'headers' ? extraHeaderArb : idempotent ? idempotencyKeyArb : fc.constant({});
  const body: fc.Arbitrary<Body> =
    op.body || category === 'wrong-type' || category === 'oversized'
      ? bodyArb(op, category)
      : fc.constant({ kind: 'none' });
  return fc.record({
    operationId: fc.constant(op.operationId),
    category: fc.constant(category),
    caller,
    workspace,
    params,
    query: queryArb(op, category),
    contentType,
    extraHeaders,
    body,
  });
}
