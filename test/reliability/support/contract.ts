// The served OpenAPI document, read as the fuzz and the authorization matrix need it.
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  parameters: Parameter[];
  body?: Schema;
  statuses: Set<string>;
  /** The roles allowed (`x-roles`); null for a public operation. */
  roles: string[] | null;
  secured: boolean;
}

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
};

export const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function operationsOf(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const op = raw as {
        operationId: string;
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses: Record<string, unknown>;
        security?: unknown[];
        'x-roles'?: string[];
      };
      const content = op.requestBody?.content ?? {};
      const media = content['application/json'] ?? Object.values(content)[0];
      ops.push({
        id: op.operationId,
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: media?.schema ? resolve(doc, media.schema) : undefined,
        statuses: new Set(Object.keys(op.responses)),
        roles: op['x-roles'] ?? null,
        secured: (op.security?.length ?? 0) > 0,
      });
    }
  }
  return ops;
}

/** Inlines `$ref`s and `allOf` (the documents here have no recursive schemas). */
export function resolve(doc: Doc, schema: Schema, depth = 0): Schema {
  if (depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  let out: Schema = { ...schema };
  if (schema.allOf) {
    out = schema.allOf
      .map((s) => resolve(doc, s, depth + 1))
      .reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), out);
    delete out.allOf;
  }
  if (out.items) out.items = resolve(doc, out.items, depth + 1);
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]));
  }
  return out;
}

/** Whether the contract documents `status` for the operation (exact code, `4XX` range or `default`). */
export function documents(op: Operation, status: number): boolean {
  return op.statuses.has(String(status)) || op.statuses.has(`${String(status)[0]}XX`) || op.statuses.has('default');
}
