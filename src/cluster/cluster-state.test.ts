import { describe, expect, it } from 'vitest';
import { assessCluster } from './cluster-state.js';
import type { ComponentName } from './component-plan.js';

const expected: ComponentName[] = ['registry', 'etcd', 'kube-apiserver'];
const live = (...alive: ComponentName[]) =>
  expected.map((name) => ({ name, recorded: true, alive: alive.includes(name) }));

describe('assessCluster', () => {
  it('is absent with no state and nothing running', () => {
    expect(assessCluster(false, expected, [])).toEqual({ kind: 'absent' });
  });
  it('is stopped when state is on disk but no process is alive (a reboot, a killed session)', () => {
    expect(assessCluster(true, expected, live())).toEqual({ kind: 'stopped' });
  });
  it('is running when every expected component is alive', () => {
    expect(assessCluster(true, expected, live('registry', 'etcd', 'kube-apiserver'))).toEqual({
      kind: 'running',
    });
  });
  it('is partial, naming the dead, when only some are alive', () => {
    expect(assessCluster(true, expected, live('etcd'))).toEqual({
      kind: 'partial',
      alive: ['etcd'],
      dead: ['registry', 'kube-apiserver'],
    });
  });
});
