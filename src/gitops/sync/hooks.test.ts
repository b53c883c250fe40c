import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/index.js';
import { splitHooks } from './hooks.js';

const obj = (name: string, hook?: string): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, ...(hook ? { annotations: { 'argocd.argoproj.io/hook': hook } } : {}) },
});

describe('splitHooks', () => {
  it('separates PreSync and PostSync hooks, keeps Sync hooks with resources, drops Skip', () => {
    const split = splitHooks([
      obj('plain'),
      obj('migrate', 'PreSync'),
      obj('smoke', 'PostSync'),
      obj('in-wave', 'Sync'),
      obj('never', 'Skip'),
      obj('both', 'PreSync,PostSync'),
    ]);
    expect(split.resources.map((o) => o.metadata.name)).toEqual(['plain', 'in-wave']);
    expect(split.preSync.map((o) => o.metadata.name)).toEqual(['migrate', 'both']);
    expect(split.postSync.map((o) => o.metadata.name)).toEqual(['smoke', 'both']);
  });
});
