import 'server-only';
import { env } from '../env';
import type { z } from 'zod';
import { logger } from '../logger';

// A response body already serialized to JSON text (the board view, built by Postgres). The server sends the text
// as is: parsing it only to stringify it again would cost more than building it did.

const textKey = Symbol('tika.jsonText');

/** JSON text standing for a value of type T (the endpoint's response type): the brand keeps handlers honest. */
export interface JsonText<T = unknown> {
  readonly [textKey]: string;
  /** Type-only: never set. */
  readonly __value?: T;
}

export function jsonText<T>(text: string): JsonText<T> {
  return { [textKey]: text };
}

export function isJsonText(value: unknown): value is JsonText {
  return typeof value === 'object' && value !== null && textKey in value;
}

// The response schema is the contract. Objects are checked (and stripped of undeclared keys) on every response.
// Pre-serialized text is checked on every response outside production (tests, development: the contract suite
// sees every one), and in production on a sample, after the response has gone, so drift still gets noticed
// (logged as an error) without parsing 90 KB on every board read.
const SAMPLE_EVERY = 100;
let sampled = 0;
const checkEveryText = () => env().NODE_ENV !== 'production';

/** The 2xx body of an endpoint: its result checked against its schema, as JSON text. */
export function jsonBody(schema: z.ZodType, result: unknown, operationId: string): string {
  if (isJsonText(result)) {
    const text = result[textKey];
    if (checkEveryText()) assertMatches(schema, JSON.parse(text), operationId);
    else if (++sampled % SAMPLE_EVERY === 0) setImmediate(() => sampleCheck(schema, text, operationId));
    return text;
  }
  const checked = schema.safeParse(result);
  if (!checked.success) throw brokeSchema(operationId, checked.error);
  return JSON.stringify(checked.data);
}

function assertMatches(schema: z.ZodType, value: unknown, operationId: string): void {
  const checked = schema.safeParse(value);
  if (!checked.success) throw brokeSchema(operationId, checked.error);
}

function sampleCheck(schema: z.ZodType, text: string, operationId: string): void {
  try {
    assertMatches(schema, JSON.parse(text), operationId);
  } catch (error) {
    logger.error({ err: error, operationId }, 'sampled response check failed');
  }
}

// A mismatch is our bug and must not reach clients half-formed.
const brokeSchema = (operationId: string, error: z.ZodError) =>
  new Error(`Response of ${operationId} broke its schema: ${error.message}`);
