import { describe, expect, it } from 'vitest';
import type { ResourceNode } from '../api/types';
import { resourceRows } from './resource-tree';

const node = (kind: string, name: string, extra: Partial<ResourceNode> = {}): ResourceNode => ({
  kind,
  name,
  namespace: 'shop',
  ...extra,
});

const shape = (rows: ReturnType<typeof resourceRows>): string[] =>
  rows.map((r) => `${'  '.repeat(r.depth)}${r.group ?? `${r.node?.kind}/${r.node?.name}`}`);

describe('resourceRows', () => {
  it('indents live children under their owner', () => {
    const rows = resourceRows(
      [
        node('Pod', 'web-abc-1', { parentRefs: [{ kind: 'ReplicaSet', name: 'web-abc' }] }),
        node('Service', 'web'),
        node('ReplicaSet', 'web-abc', { parentRefs: [{ kind: 'Rollout', name: 'web' }] }),
        node('Rollout', 'web', { group: 'argoproj.io' }),
      ],
      [],
    );
    expect(shape(rows)).toEqual([
      'Rollout/web',
      '  ReplicaSet/web-abc',
      '    Pod/web-abc-1',
      'Service/web',
    ]);
  });

  it('shows a child whose owner is missing as a root', () => {
    const rows = resourceRows(
      [node('Pod', 'orphan', { parentRefs: [{ kind: 'ReplicaSet', name: 'gone' }] })],
      undefined,
    );
    expect(shape(rows)).toEqual(['Pod/orphan']);
  });

  it('groups status.resources by API group when there is no tree', () => {
    const rows = resourceRows(undefined, [
      node('Service', 'web', { group: '' }),
      node('Rollout', 'web', { group: 'argoproj.io' }),
      node('ConfigMap', 'cfg'),
    ]);
    expect(shape(rows)).toEqual([
      'argoproj.io',
      '  Rollout/web',
      'core',
      '  ConfigMap/cfg',
      '  Service/web',
    ]);
  });
});
