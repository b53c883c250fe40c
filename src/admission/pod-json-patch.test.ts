import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodSpecLike } from '../identity/index.js';
import { listOperations, podSpecJsonPatch } from './pod-json-patch.js';
import { applyJsonPatch } from './testing-json-patch.js';

const a = { name: 'A', value: '1' };
const b = { name: 'B', value: '2' };

describe('listOperations', () => {
  it.each([
    ['nothing for an equal list', [a], [a], []],
    ['nothing when there was no list and none is added', undefined, [], []],
    ['the whole list when there was none', undefined, [a], [{ op: 'add', path: '/l', value: [a] }]],
    ['appends when only added at the end', [a], [a, b], [{ op: 'add', path: '/l/-', value: b }]],
    ['a replace when an item changed', [a], [b, a], [{ op: 'replace', path: '/l', value: [b, a] }]],
  ])('gives %s', (_what, before, after, expected) => {
    expect(listOperations('/l', before, after)).toEqual(expected);
  });
});

const envVar = fc.record({ name: fc.constantFrom('A', 'B', 'C'), value: fc.string() });
const containerOf = fc.record(
  {
    name: fc.string({ minLength: 1 }),
    env: fc.array(envVar, { maxLength: 3 }),
    volumeMounts: fc.array(fc.record({ name: fc.string() }), { maxLength: 2 }),
  },
  { requiredKeys: ['name'] },
);
const specOf = fc.record(
  {
    containers: fc.array(containerOf, { minLength: 1, maxLength: 3 }),
    initContainers: fc.array(containerOf, { maxLength: 2 }),
    volumes: fc.array(fc.record({ name: fc.string() }), { maxLength: 2 }),
  },
  { requiredKeys: ['containers'] },
);
const grow = (spec: PodSpecLike, extra: { name: string; value: string }): PodSpecLike => {
  const add = (c: PodSpecLike['containers'][number]) => ({
    ...c,
    env: [...(c.env ?? []), extra],
    volumeMounts: [...(c.volumeMounts ?? []), { name: 'v' }],
  });
  return {
    ...spec,
    volumes: [...(spec.volumes ?? []), { name: 'v' }],
    containers: spec.containers.map(add),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(add) } : {}),
  };
};

describe('podSpecJsonPatch', () => {
  it('turns the spec into the grown spec, once applied as the API server does', () => {
    fc.assert(
      fc.property(specOf, envVar, (spec, extra) => {
        const after = grow(spec, extra);
        const pod = { spec };
        expect(applyJsonPatch(pod, podSpecJsonPatch(spec, after))).toEqual({ spec: after });
        expect(podSpecJsonPatch(after, after)).toEqual([]);
      }),
    );
  });

  it('appends to lists the pod has and adds those it lacks, touching nothing else', () => {
    const before: PodSpecLike = {
      containers: [{ name: 'main', env: [a] }],
      initContainers: [{ name: 'init' }],
    };
    const after = grow(before, b);
    expect(podSpecJsonPatch(before, after)).toEqual([
      { op: 'add', path: '/spec/volumes', value: [{ name: 'v' }] },
      { op: 'add', path: '/spec/initContainers/0/env', value: [b] },
      { op: 'add', path: '/spec/initContainers/0/volumeMounts', value: [{ name: 'v' }] },
      { op: 'add', path: '/spec/containers/0/env/-', value: b },
      { op: 'add', path: '/spec/containers/0/volumeMounts', value: [{ name: 'v' }] },
    ]);
  });
});
