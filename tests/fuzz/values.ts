import fc from 'fast-check';
import type { IdKind } from './world';
import type { JsonSchema } from './openapi';

// Valid values derived from a JSON schema of the OpenAPI document. Ids, versions and invitation tokens are not
// invented: they are `Ref`s, resolved when the request is sent against the ids that exist at that moment (live
// ones, deleted ones, or another workspace's), so the same seed makes the same choices run after run.

export type RefKind = IdKind | 'memberId' | 'version' | 'invitationToken' | 'slug';
export type RefScope = 'live' | 'dead' | 'other';

export class Ref {
  constructor(
    readonly kind: RefKind,
    readonly pick: number,
    readonly scope: RefScope,
  ) {}
  toJSON() {
    return `<${this.scope} ${this.kind} #${this.pick}>`;
  }
}

export const refScope: fc.Arbitrary<RefScope> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('live' as const) },
  { weight: 1, arbitrary: fc.constant('dead' as const) },
  { weight: 1, arbitrary: fc.constant('other' as const) },
);

export const refOf = (kind: RefKind, scope: fc.Arbitrary<RefScope> = refScope) =>
  fc.tuple(fc.nat(1_000), scope).map(([pick, s]) => new Ref(kind, pick, s));

/** Body and path fields that name an existing thing, by property name. */
const hints: Record<string, RefKind> = {
  boardId: 'boardId',
  columnId: 'columnId',
  afterColumnId: 'columnId',
  ticketId: 'ticketId',
  afterId: 'ticketId',
  beforeId: 'ticketId',
  commentId: 'commentId',
  invitationId: 'invitationId',
  tokenId: 'tokenId',
  userId: 'userId',
  assigneeId: 'memberId',
  version: 'version',
  token: 'invitationToken',
  confirm: 'slug',
};

export function hintFor(name: string): RefKind | undefined {
  return hints[name];
}

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,24}[A-Za-z0-9]$/);
const slugLike = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
const isoDate = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2035-12-31T00:00:00Z'),
  noInvalidDate: true,
});

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** A value the schema accepts (as far as a JSON schema can say: refinements like "not both" may still reject it). */
export function validValue(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  const hint = name ? hintFor(name) : undefined;
  const kinds = types(schema);
  const nullable = kinds.includes('null');
  const wrap = (arb: fc.Arbitrary<unknown>) =>
    nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: arb }) : arb;
  if (hint) return wrap(refOf(hint));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf)!.map((s) => validValue(s, name)));
  const kind = kinds.find((k) => k !== 'null');
  switch (kind) {
    case 'string':
      return wrap(validString(schema));
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = Math.min(
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000),
        min + 1_000,
      );
      return wrap(fc.integer({ min, max }));
    }
    case 'number':
      return wrap(fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000, noNaN: true }));
    case 'boolean':
      return wrap(fc.boolean());
    case 'array': {
      const item = validValue(schema.items ?? {});
      return wrap(fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) }));
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, validValue(s, key)]));
      return wrap(fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) }));
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return isoDate.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      // Future instants, so "must be in the future" fields (token expiry) accept them too.
      return fc
        .date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254));
  }
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? 40;
  const base = schema.pattern?.includes('a-z0-9') ? slugLike : word;
  return base.map((s) => s.slice(0, max)).filter((s) => s.length >= min);
}
