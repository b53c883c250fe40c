import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { RouteDoc } from './api-route.js';
import { errorSchema } from './schemas.js';

// /api/openapi.json, generated from the same zod schemas the routes validate with.

const jsonSchema = (schema: ZodTypeAny): Record<string, unknown> => {
  // zod-to-json-schema's parameter type is ZodType<any>; every ZodTypeAny is one.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
  const json = zodToJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' }) as Record<
    string,
    unknown
  >;
  delete json['$schema'];
  return json;
};

/** `/api/rollouts/:namespace/:name` → `/api/rollouts/{namespace}/{name}`. Pure. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(doc: RouteDoc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', doc.params],
    ['query', doc.query],
  ] as const) {
    if (schema === undefined) continue;
    const json = jsonSchema(schema) as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return out;
}

const errorResponse = {
  description: 'An error: {error: {code, message, hint?}}',
  content: { 'application/json': { schema: jsonSchema(errorSchema) } },
};

function operation(doc: RouteDoc): Record<string, unknown> {
  const success = doc.response
    ? { 'application/json': { schema: jsonSchema(doc.response) } }
    : doc.raw
      ? { 'application/octet-stream': {} }
      : { 'application/json': { schema: { type: 'object' } } };
  return {
    operationId: doc.action,
    summary: doc.summary,
    'x-slipway-action': doc.action,
    parameters: parameters(doc),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(doc.body) } },
          },
        }
      : {}),
    responses: {
      [String(doc.status)]: { description: 'OK', content: success },
      default: errorResponse,
    },
  };
}

export function openApiDocument(
  docs: readonly RouteDoc[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const path = openApiPath(doc.url);
    paths[path] = { ...(paths[path] ?? {}), [doc.method.toLowerCase()]: operation(doc) };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Slipway API',
      version,
      description:
        'See docs/api.md. Every path needs a session cookie or a Bearer token unless marked security: [].',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'slipway_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
