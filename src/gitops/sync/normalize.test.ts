import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSubsetOf, jsonEqual, normalizeForDiff, removePointer } from './normalize.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'prod',
    uid: 'u',
    resourceVersion: '42',
    generation: 3,
    managedFields: [{ manager: 'x' }],
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
  status: { readyReplicas: 3 },
};

describe('normalizeForDiff', () => {
  it('drops status and server bookkeeping, keeps the spec', () => {
    expect(normalizeForDiff(deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod' },
      spec: deployment.spec,
    });
  });
  it('removes ignoreDifferences json pointers for the matching kind only', () => {
    const rule = { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] };
    expect(normalizeForDiff(deployment, [rule]).spec).toEqual({
      template: deployment.spec.template,
    });
    expect(normalizeForDiff(deployment, [{ ...rule, kind: 'StatefulSet' }]).spec).toEqual(
      deployment.spec,
    );
  });
});

describe('normalizeForDiff with jqPathExpressions', () => {
  it('drops the selected container fields for the matching kind', () => {
    const rule = {
      group: 'apps',
      kind: 'Deployment',
      jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "c") | .image'],
    };
    expect(normalizeForDiff(deployment, [rule])['spec']).toEqual({
      replicas: 3,
      template: { spec: { containers: [{ name: 'c' }] } },
    });
  });
});

describe('removePointer', () => {
  it('handles escaped keys and array indexes', () => {
    const o = { metadata: { annotations: { 'a/b': '1', c: '2' } }, list: [1, 2, 3] };
    removePointer(o, '/metadata/annotations/a~1b');
    removePointer(o, '/list/1');
    expect(o).toEqual({ metadata: { annotations: { c: '2' } }, list: [1, 3] });
  });
});

describe('isSubsetOf', () => {
  it('is true when the live object has every desired field, plus defaults', () => {
    expect(isSubsetOf({ spec: { replicas: 2 } }, { spec: { replicas: 2, paused: false } })).toBe(
      true,
    );
  });
  it('is false on a changed value or a different list length', () => {
    expect(isSubsetOf({ spec: { replicas: 2 } }, { spec: { replicas: 5 } })).toBe(false);
    expect(isSubsetOf({ a: [1] }, { a: [1, 2] })).toBe(false);
  });
  it('every JSON value is a subset of itself and equal to its clone', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => isSubsetOf(v, v) && jsonEqual(v, structuredClone(v))),
    );
  });
});
