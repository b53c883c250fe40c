import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { crdSchemaFromZod } from './crd-schema.js';
import { analysisRunSpecSchema, analysisTemplateSpecSchema } from '../config/analysis.js';
import { progressiveDeliveryCrds } from './crds.js';

/** Every place a structural schema forbids: a type inside anyOf/oneOf/allOf. */
function typedUnionMembers(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (['anyOf', 'oneOf', 'allOf'].includes(key) && Array.isArray(value)) {
      value.forEach((member, i) => {
        if ((member as { type?: unknown }).type !== undefined) found.push(`${path}.${key}[${i}]`);
      });
    }
    found.push(...typedUnionMembers(value, `${path}.${key}`));
  }
  return found;
}

describe('crdSchemaFromZod', () => {
  it('spells a number-or-string union as int-or-string', () => {
    const schema = crdSchemaFromZod(z.object({ maxSurge: z.union([z.number(), z.string()]) }));
    expect((schema['properties'] as Record<string, unknown>)['maxSurge']).toEqual({
      'x-kubernetes-int-or-string': true,
    });
  });

  it('gives the Rollout and analysis CRDs structural schemas (no typed union members)', () => {
    expect(
      typedUnionMembers(progressiveDeliveryCrds(analysisTemplateSpecSchema, analysisRunSpecSchema)),
    ).toEqual([]);
  });
});
