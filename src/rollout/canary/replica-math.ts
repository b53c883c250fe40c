import { rolloutDefaults } from '../../config/rollout.js';

/** Resolves an int-or-percent against a total: surge rounds up, unavailability rounds down. */
export function resolveIntOrPercent(
  value: number | string,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.replace('%', ''));
  if (!value.endsWith('%')) return percent;
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export type SurgeLimits = { readonly maxSurge: number; readonly maxUnavailable: number };

/** maxSurge and maxUnavailable as pod counts; never both zero, as Deployments do. */
export function surgeLimits(
  replicas: number,
  maxSurge: number | string = rolloutDefaults.maxSurge,
  maxUnavailable: number | string = rolloutDefaults.maxUnavailable,
): SurgeLimits {
  const surge = resolveIntOrPercent(maxSurge, replicas, true);
  const unavailable = resolveIntOrPercent(maxUnavailable, replicas, false);
  return { maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/**
 * The replica split that approximates a canary weight without a traffic router: each side is
 * rounded up, as Argo Rollouts documents (10 replicas at 15% → 2 canary, 9 stable); when that
 * exceeds the surge allowance the stable side gives way.
 */
export function basicCanaryCounts(
  replicas: number,
  weight: number,
  maxSurge: number,
): { canary: number; stable: number } {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const canary = Math.ceil((replicas * weight) / 100);
  let stable = Math.ceil((replicas * (100 - weight)) / 100);
  if (canary + stable > replicas + maxSurge) stable = Math.max(replicas - canary, 0);
  return { canary, stable };
}

export type ScaleInput = {
  readonly name: string;
  readonly current: number;
  readonly available: number;
  readonly desired: number;
};

/**
 * One rolling move toward the desired counts that keeps at least `replicas - maxUnavailable` pods
 * available and at most `replicas + maxSurge` pods in all. Unavailable pods go first; scale-ups
 * use what the scale-downs freed. Order matters: earlier entries scale down first. Pure.
 */
export function rollingTargets(
  sets: readonly ScaleInput[],
  replicas: number,
  limits: SurgeLimits,
): Map<string, number> {
  const targets = new Map<string, number>();
  const available = sets.reduce((n, s) => n + Math.min(s.available, s.current), 0);
  let budget = Math.max(available - (replicas - limits.maxUnavailable), 0);
  for (const set of sets) {
    if (set.desired >= set.current) continue;
    const unavailable = Math.max(set.current - set.available, 0);
    const removable = Math.min(set.current - set.desired, unavailable + budget);
    budget -= Math.max(removable - unavailable, 0);
    targets.set(set.name, set.current - removable);
  }
  let total = sets.reduce((n, s) => n + (targets.get(s.name) ?? s.current), 0);
  for (const set of sets) {
    if (set.desired <= set.current) {
      if (!targets.has(set.name)) targets.set(set.name, set.current);
      continue;
    }
    const room = Math.max(replicas + limits.maxSurge - total, 0);
    const next = Math.min(set.desired, set.current + room);
    total += next - set.current;
    targets.set(set.name, next);
  }
  return targets;
}
