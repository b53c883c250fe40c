import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kwokTaint } from '../../src/cluster/index.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';

describe('kwok simulated nodes', () => {
  const ns = useNamespace('kwok');

  it('runs 200 pods to Ready without real containers, only on the kwok nodes', async () => {
    const labels = { app: 'many' };
    await kubectl(
      ['apply', '-f', '-'],
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'many', namespace: ns.name },
        spec: {
          replicas: 200,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { type: 'kwok' },
              tolerations: [{ key: kwokTaint.key, operator: 'Exists', effect: kwokTaint.effect }],
              containers: [{ name: 'fake', image: 'fake-image-never-pulled' }],
            },
          },
        },
      }),
    );
    const ready = await waitFor('200 ready replicas', 180_000, async () => {
      const n = Number(
        await kubectl([
          '-n',
          ns.name,
          'get',
          'deployment',
          'many',
          '-o',
          'jsonpath={.status.readyReplicas}',
        ]),
      );
      return n === 200 ? n : undefined;
    });
    expect(ready).toBe(200);
    const nodes = (
      await kubectl([
        '-n',
        ns.name,
        'get',
        'pods',
        '-o',
        'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}',
      ])
    )
      .split('\n')
      .filter(Boolean);
    expect(nodes).toHaveLength(200);
    expect(new Set(nodes.map((n) => n.replace(/-\d+$/, '')))).toEqual(new Set(['kwok-node']));
  });

  it('keeps pods that do not tolerate the kwok taint off the kwok nodes', async () => {
    await kubectl([
      '-n',
      ns.name,
      'run',
      'plain',
      '--image=fake-image',
      '--restart=Never',
      '--overrides',
      JSON.stringify({ spec: { nodeSelector: { type: 'kwok' } } }),
    ]);
    const reason = await waitFor('the scheduler to refuse the pod', 30_000, async () => {
      const out = await kubectl([
        '-n',
        ns.name,
        'get',
        'pod',
        'plain',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}',
      ]);
      return out.includes('taint') ? out : undefined;
    });
    expect(reason).toMatch(/3 node\(s\) had untolerated taint/);
    expect(
      await kubectl(['-n', ns.name, 'get', 'pod', 'plain', '-o', 'jsonpath={.spec.nodeName}']),
    ).toBe('');
  });
});
