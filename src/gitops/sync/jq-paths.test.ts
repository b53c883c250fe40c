import { describe, expect, it } from 'vitest';
import { deleteJqPaths } from './jq-paths.js';

const deployment = () => ({
  metadata: { annotations: { 'example.com/stamp': 'x', keep: 'y' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'app:1' },
          { name: 'istio-proxy', image: 'proxy:1' },
          { name: 'logger', image: 'log:1' },
        ],
      },
    },
  },
  webhooks: [{ clientConfig: { caBundle: 'a', url: 'u' } }, { clientConfig: { caBundle: 'b' } }],
});

describe('deleteJqPaths (ignoreDifferences.jqPathExpressions)', () => {
  it.each([
    [
      '.spec.replicas',
      (d: ReturnType<typeof deployment>) => expect(d.spec).not.toHaveProperty('replicas'),
    ],
    [
      '.metadata.annotations."example.com/stamp"',
      (d: ReturnType<typeof deployment>) => expect(d.metadata.annotations).toEqual({ keep: 'y' }),
    ],
    [
      '.metadata.annotations["example.com/stamp"]',
      (d: ReturnType<typeof deployment>) => expect(d.metadata.annotations).toEqual({ keep: 'y' }),
    ],
    [
      '.spec.template.spec.containers[] | select(.name == "istio-proxy")',
      (d: ReturnType<typeof deployment>) =>
        expect(d.spec.template.spec.containers.map((c) => c.name)).toEqual(['app', 'logger']),
    ],
    [
      '.spec.template.spec.containers[] | select(.name != "app") | .image',
      (d: ReturnType<typeof deployment>) =>
        expect(d.spec.template.spec.containers).toEqual([
          { name: 'app', image: 'app:1' },
          { name: 'istio-proxy' },
          { name: 'logger' },
        ]),
    ],
    [
      '.webhooks[]?.clientConfig.caBundle',
      (d: ReturnType<typeof deployment>) =>
        expect(d.webhooks).toEqual([{ clientConfig: { url: 'u' } }, { clientConfig: {} }]),
    ],
    [
      '.spec.template.spec.containers[0]',
      (d: ReturnType<typeof deployment>) =>
        expect(d.spec.template.spec.containers[0]?.name).toBe('istio-proxy'),
    ],
    ['.does.not.exist', (d: ReturnType<typeof deployment>) => expect(d).toEqual(deployment())],
  ])('%s', (expr, check) => {
    const doc = deployment();
    deleteJqPaths(doc, expr);
    check(doc);
  });

  it('names the expression and what it cannot read', () => {
    expect(() => deleteJqPaths({}, '.a | map(.b)')).toThrow(
      'ignoreDifferences.jqPathExpressions: ".a | map(.b)" cannot be read at "map(.b)"',
    );
  });
});
