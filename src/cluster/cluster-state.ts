import type { ComponentName } from './component-plan.js';

export type ComponentLiveness = {
  readonly name: ComponentName;
  /** A pid file exists for it. */
  readonly recorded: boolean;
  /** The recorded process is still the one we started. */
  readonly alive: boolean;
};

export type ClusterCondition =
  | { readonly kind: 'absent' }
  | { readonly kind: 'running' }
  /** State on disk, no process alive: `up` cleans the leftovers and resumes. */
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'partial';
      readonly alive: readonly ComponentName[];
      readonly dead: readonly ComponentName[];
    };

/** Decides what a previous `up` left behind, from which components are alive. Pure. */
export function assessCluster(
  stateExists: boolean,
  expected: readonly ComponentName[],
  liveness: readonly ComponentLiveness[],
): ClusterCondition {
  const alive = liveness.filter((c) => c.alive).map((c) => c.name);
  if (alive.length === 0) return stateExists ? { kind: 'stopped' } : { kind: 'absent' };
  const dead = expected.filter((name) => !alive.includes(name));
  return dead.length === 0 ? { kind: 'running' } : { kind: 'partial', alive, dead };
}
