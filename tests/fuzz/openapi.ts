// The operations of the served OpenAPI document, flattened to what the generators need: method, path template,
// path and query parameters with their schemas, the JSON body schema ($refs resolved) and the kind of caller.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
};

export interface QueryParam {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** Template under /api/v1, e.g. /tickets/{ticketId}/move */
  path: string;
  pathParams: string[];
  query: QueryParam[];
  body?: JsonSchema;
  /** tenant: a token or a session with a workspace; user: a session only. */
  auth: 'tenant' | 'user';
}

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        security?: Record<string, unknown>[];
        parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: JsonSchema, depth = 0): JsonSchema => {
    if (depth > 20) return schema;
    if (schema.$ref) return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {}, depth + 1);
    const out: JsonSchema = { ...schema };
    if (out.items) out.items = resolve(out.items, depth + 1);
    if (out.properties)
      out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (out[key]) out[key] = out[key]!.map((s) => resolve(s, depth + 1));
    return out;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? [];
      const body = op.requestBody?.content['application/json']?.schema;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: Boolean(p.required), schema: resolve(p.schema) })),
        body: body ? resolve(body) : undefined,
        auth: (op.security ?? []).some((s) => 'bearerAuth' in s) ? 'tenant' : 'user',
      });
    }
  }
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}
