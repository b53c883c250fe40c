import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import type { RolloutView } from './rollout-view.js';
import { imagePatch } from './set-image.js';

const rollout: RolloutView = {
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'demo' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'migrate', image: 'shop-migrate:1' }],
        containers: [
          { name: 'app', image: 'shop:1' },
          { name: 'proxy', image: 'envoy:1' },
        ],
      },
    },
  },
};

describe('imagePatch', () => {
  it.each([
    [
      'app',
      [
        { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'app' },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'new' },
      ],
    ],
    [
      'proxy',
      [
        { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'proxy' },
        { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'new' },
      ],
    ],
    [
      'migrate',
      [
        { op: 'test', path: '/spec/template/spec/initContainers/0/name', value: 'migrate' },
        { op: 'replace', path: '/spec/template/spec/initContainers/0/image', value: 'new' },
      ],
    ],
  ])('sets the image of %s', (container, ops) => {
    expect(imagePatch(rollout, [{ container, image: 'new' }])).toEqual(ops);
  });

  it('names a missing container and lists the ones there are', () => {
    const act = (): unknown => imagePatch(rollout, [{ container: 'web', image: 'x' }]);
    expect(act).toThrow('rollout "demo" has no container "web"');
    try {
      act();
    } catch (error) {
      expect((error as InputError).hint).toBe('its containers: app, proxy, migrate');
    }
  });

  it('refuses a Rollout that takes its template from a Deployment', () => {
    const ref: RolloutView = {
      ...rollout,
      spec: { workloadRef: { kind: 'Deployment', name: 'shop' } },
    };
    expect(() => imagePatch(ref, [{ container: 'app', image: 'x' }])).toThrow(
      'takes its template from Deployment "shop"',
    );
  });
});
