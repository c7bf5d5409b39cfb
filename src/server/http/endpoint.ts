import 'server-only';
import type { z } from 'zod';
import type { Permission } from '@/shared/permissions';
import type { TenantContext, UserContext } from '../context';
import type { FlagName } from '../flags';
import type { JsonText } from './json-body';

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Schema = z.ZodType;
// Path parameters and query strings are named fields: an object schema (perhaps piped through a transform).
type FieldsSchema = z.ZodObject | z.ZodPipe;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
// A handler may hand over its response already serialized (JsonText), e.g. JSON built by Postgres.
type Result<S> = S extends z.ZodType ? z.output<S> | JsonText<z.output<S>> : void;

export interface Input<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

interface Base<P, Q, B, R> {
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. '/tickets/{ticketId}'. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schema; omit for 204. */
  response?: R;
  status?: 200 | 201 | 204;
  /** Documented for the OpenAPI document; the use case enforces it. */
  permission?: Permission;
  /** Error codes this operation can answer besides the common ones. */
  errors?: number[];
  /** A product feature flag gating this operation: off → 403 FEATURE_DISABLED. */
  flag?: FlagName;
}

export interface TenantEndpoint<
  P = FieldsSchema | undefined,
  Q = FieldsSchema | undefined,
  B = Schema | undefined,
  R = Schema | undefined,
> extends Base<P, Q, B, R> {
  auth: 'tenant';
  handler: (ctx: TenantContext, input: Input<P, Q, B>) => Promise<Result<R>>;
}

export interface UserEndpoint<
  P = FieldsSchema | undefined,
  Q = FieldsSchema | undefined,
  B = Schema | undefined,
  R = Schema | undefined,
> extends Base<P, Q, B, R> {
  auth: 'user';
  /**
   * Read the session (and so the user's emailVerified) from the database instead of the signed cookie cache,
   * which may be up to 30 s old: for decisions that hinge on a fact that may just have changed.
   */
  freshSession?: boolean;
  handler: (ctx: UserContext, input: Input<P, Q, B>) => Promise<Result<R>>;
}

/**
 * Any endpoint, as the handler, the OpenAPI document and the tests see a list of them: the schemas are zod types,
 * the handler's input is known only to the endpoint itself (the handler parses it with the endpoint's schemas).
 */
export type Endpoint =
  | (Omit<TenantEndpoint, 'handler'> & { handler: (ctx: TenantContext, input: never) => Promise<unknown> })
  | (Omit<UserEndpoint, 'handler'> & { handler: (ctx: UserContext, input: never) => Promise<unknown> });

// Identity functions that keep the schemas' types flowing into the handler.
export function tenantEndpoint<
  P extends FieldsSchema | undefined = undefined,
  Q extends FieldsSchema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(definition: Omit<TenantEndpoint<P, Q, B, R>, 'auth'>): TenantEndpoint<P, Q, B, R> {
  return { ...definition, auth: 'tenant' };
}

export function userEndpoint<
  P extends FieldsSchema | undefined = undefined,
  Q extends FieldsSchema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(definition: Omit<UserEndpoint<P, Q, B, R>, 'auth'>): UserEndpoint<P, Q, B, R> {
  return { ...definition, auth: 'user' };
}
