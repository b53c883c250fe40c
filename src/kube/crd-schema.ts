import type { ZodType } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

export type OpenApiSchema = { [key: string]: unknown };

/**
 * Rewrites a JSON Schema from zod into a Kubernetes structural schema: no `additionalProperties:
 * false` (forbidden beside `properties`), no `$schema`, unknown-value records kept, and objects
 * keep fields Slipway does not know (so an Argo CD manifest's extra fields are not silently lost).
 */
export function toStructuralSchema(schema: unknown, preserveUnknown: boolean): OpenApiSchema {
  if (typeof schema !== 'object' || schema === null) return {};
  const input = schema as OpenApiSchema;
  if (isIntOrString(input)) return { 'x-kubernetes-int-or-string': true };
  const out = copyFields(input, preserveUnknown);
  if (input['type'] === 'object') {
    const additional = input['additionalProperties'];
    if (
      typeof additional === 'object' &&
      additional !== null &&
      Object.keys(additional).length > 0
    ) {
      out['additionalProperties'] = toStructuralSchema(additional, preserveUnknown);
    } else if (input['properties'] === undefined || additional !== false || preserveUnknown) {
      // A free-form map (record of unknown) or an object that keeps unknown fields.
      out['x-kubernetes-preserve-unknown-fields'] = true;
    }
  }
  if (
    input['type'] === undefined &&
    input['properties'] === undefined &&
    input['items'] === undefined
  ) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

const scalarTypes = new Set(['integer', 'number', 'string']);

/**
 * A union of a number and a string (maxSurge: 1 or "25%", a duration: 30 or "30s"): a
 * structural schema may not give types inside anyOf, so Kubernetes spells it int-or-string.
 */
function isIntOrString(input: OpenApiSchema): boolean {
  const members = input['anyOf'] ?? input['oneOf'];
  if (!Array.isArray(members) || members.length < 2) return false;
  const types = members.map((m) => (m as OpenApiSchema)['type']);
  return (
    types.every((t) => typeof t === 'string' && scalarTypes.has(t)) &&
    types.includes('string') &&
    types.some((t) => t !== 'string')
  );
}

function copyFields(input: OpenApiSchema, preserveUnknown: boolean): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === '$schema' || key === 'additionalProperties' || key === 'default') continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out['properties'] = Object.fromEntries(
        Object.entries(value as OpenApiSchema).map(([k, v]) => [
          k,
          toStructuralSchema(v, preserveUnknown),
        ]),
      );
    } else if (key === 'items') {
      out['items'] = toStructuralSchema(value, preserveUnknown);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function crdSchemaFromZod(spec: ZodType, preserveUnknown = true): OpenApiSchema {
  return toStructuralSchema(
    zodToJsonSchema(spec, { $refStrategy: 'none', target: 'openApi3' }),
    preserveUnknown,
  );
}
