import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../config/rollout.js';
import type { KubeObject } from '../../kube/index.js';
import { ownedBy, stepText } from './rollout-view.js';

const rollout: KubeObject = {
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'demo', namespace: 'shop', uid: 'u1' },
};

describe('ownedBy', () => {
  const owned = (ref: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'rs', ownerReferences: [ref] },
  });

  it.each([
    [{ kind: 'Rollout', name: 'demo', uid: 'u1', controller: true }, true],
    [{ kind: 'Rollout', name: 'demo', uid: 'old', controller: true }, false],
    [{ kind: 'Rollout', name: 'demo', uid: 'u1' }, false],
    [{ kind: 'Deployment', name: 'demo', uid: 'u1', controller: true }, false],
  ])('%j → %s', (ref, expected) => {
    expect(ownedBy(owned(ref), rollout)).toBe(expected);
  });
});

describe('stepText', () => {
  it.each<[CanaryStep, string]>([
    [{ setWeight: 20 }, 'setWeight: 20'],
    [{ pause: {} }, 'pause: {}'],
    [{ pause: { duration: '10s' } }, 'pause: 10s'],
    [{ pause: { duration: 30 } }, 'pause: 30s'],
    [{ analysis: { templates: [{ templateName: 'a' }, { templateName: 'b' }] } }, 'analysis: a, b'],
  ])('writes %j as %s', (step, text) => {
    expect(stepText(step)).toBe(text);
  });
});
