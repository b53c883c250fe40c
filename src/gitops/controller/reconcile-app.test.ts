import { describe, expect, it } from 'vitest';
import type { ApplicationSpec } from '../../config/index.js';
import type { ApplicationStatus } from './application-object.js';
import { decideSync } from './reconcile-app.js';

const source = {
  repoURL: 'https://git.example.com/config',
  path: 'apps/web',
  targetRevision: 'HEAD',
};
const spec = (automated?: ApplicationSpec['syncPolicy']): ApplicationSpec => ({
  source,
  destination: { namespace: 'web' },
  ...(automated ? { syncPolicy: automated } : {}),
});
const succeededAt = (
  revision: string,
  finishedAt: string,
  storedSource: unknown = source,
): ApplicationStatus => ({
  operationState: {
    phase: 'Succeeded',
    message: 'ok',
    startedAt: finishedAt,
    finishedAt,
    operation: { sync: { revision }, initiatedBy: { automated: true } },
    syncResult: { revision, resources: [], source: storedSource },
  },
});
const comparison = (revision: string) => ({
  revision,
  desired: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }],
});
const now = Date.parse('2026-01-01T00:00:10Z');

describe('decideSync (Argo CD automated sync policy)', () => {
  it('syncs a new revision when automated', () => {
    expect(
      decideSync(
        spec({ automated: { prune: true } }),
        succeededAt('a', '2026-01-01T00:00:00Z'),
        comparison('b'),
        'OutOfSync',
        undefined,
        now,
        5000,
      ),
    ).toEqual({ kind: 'sync', prune: true });
  });

  it('leaves drift at the same revision alone without selfHeal — even when the stored source has its keys in another order', () => {
    const reordered = {
      targetRevision: 'HEAD',
      path: 'apps/web',
      repoURL: 'https://git.example.com/config',
    };
    expect(
      decideSync(
        spec({ automated: {} }),
        succeededAt('a', '2026-01-01T00:00:00Z', reordered),
        comparison('a'),
        'OutOfSync',
        undefined,
        now,
        5000,
      ),
    ).toEqual({ kind: 'skip' });
  });

  it('self-heals drift at the same revision, but not within the self-heal timeout', () => {
    const healing = spec({ automated: { selfHeal: true } });
    expect(
      decideSync(
        healing,
        succeededAt('a', '2026-01-01T00:00:00Z'),
        comparison('a'),
        'OutOfSync',
        undefined,
        now,
        5000,
      ),
    ).toEqual({ kind: 'sync', prune: false });
    expect(
      decideSync(
        healing,
        succeededAt('a', '2026-01-01T00:00:08Z'),
        comparison('a'),
        'OutOfSync',
        undefined,
        now,
        5000,
      ),
    ).toEqual({ kind: 'wait', afterMs: 3000 });
  });

  it('syncs again when the source options change at the same revision', () => {
    expect(
      decideSync(
        { ...spec({ automated: {} }), source: { ...source, path: 'apps/other' } },
        succeededAt('a', '2026-01-01T00:00:00Z'),
        comparison('a'),
        'OutOfSync',
        undefined,
        now,
        5000,
      ).kind,
    ).toBe('sync');
  });

  it('refuses to prune everything unless allowEmpty', () => {
    const empty = { revision: 'b', desired: [] };
    expect(
      decideSync(
        spec({ automated: { prune: true } }),
        {},
        empty,
        'OutOfSync',
        undefined,
        now,
        5000,
      ),
    ).toEqual({
      kind: 'skip',
      reason:
        'automated sync would delete every resource; set syncPolicy.automated.allowEmpty to allow it',
    });
  });

  it('does nothing when Synced or manual, and always syncs a requested operation', () => {
    expect(
      decideSync(spec({ automated: {} }), {}, comparison('a'), 'Synced', undefined, now, 5000),
    ).toEqual({ kind: 'skip' });
    expect(decideSync(spec(), {}, comparison('a'), 'OutOfSync', undefined, now, 5000)).toEqual({
      kind: 'skip',
    });
    expect(decideSync(spec(), {}, comparison('a'), 'Synced', { prune: true }, now, 5000)).toEqual({
      kind: 'sync',
      prune: true,
    });
  });
});
