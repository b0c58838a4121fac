/** The routes to attack, read from the live OpenAPI document (so a new route is fuzzed without anyone asking). */

/** A JSON Schema as the document carries it (the parts the generator reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  'x-not-found'?: string;
}

/** One route and method, with the parts of a request its schema declares. */
export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/api/v1/auctions/{id}/bids`. */
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  headers: { name: string; schema: JsonSchema }[];
  /** JSON body schema, or null when the route reads none (or not JSON). */
  body: JsonSchema | null;
  bodyRequired: boolean;
  authenticated: boolean;
  /** Answers a never-ending event stream on success (aborted after the headers). */
  streams: boolean;
  /** The WebSocket upgrade route: fuzzed as plain HTTP only. */
  websocket: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
  summary?: string;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      if (!METHODS.has(m)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: m.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        headers: params.filter((p) => p.in === 'header').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        bodyRequired: op.requestBody?.required === true,
        authenticated: (op.security?.length ?? 0) > 0,
        streams: /\/stream$/.test(path),
        websocket: path.endsWith('/ws'),
      });
    }
  }
  return ops;
}

/** Fetches `/docs/json` of a started server. */
export async function loadOperations(base: string): Promise<Operation[]> {
  const res = await fetch(`${base}/docs/json`);
  if (res.status !== 200) throw new Error(`GET /docs/json answered ${res.status}`);
  return operationsOf((await res.json()) as OpenApiDoc);
}
