import { rolloutDefaults } from '../../config/rollout.js';
import type { CanaryContext, ObservedReplicaSet } from './canary-input.js';
import { basicCanaryCounts, rollingTargets, type ScaleInput } from './replica-math.js';

/** What the controller should make true of one ReplicaSet. */
export type ReplicaSetTarget = {
  readonly name: string;
  readonly hash: string;
  readonly replicas: number;
  readonly revision: number;
  /** The ReplicaSet does not exist yet. */
  readonly create: boolean;
  /** Set (a time), remove (null) or leave (undefined) the scale-down deadline annotation. */
  readonly scaleDownDeadline?: string | null;
};

export type ReplicaPlan = {
  readonly targets: readonly ReplicaSetTarget[];
  /** Every ReplicaSet is at the counts the weight asks for, and those pods are available. */
  readonly atDesired: boolean;
  readonly requeueAfterMs?: number;
};

export function replicaSetName(rollout: string, hash: string): string {
  return `${rollout}-${hash}`;
}

function newSetInput(ctx: CanaryContext, desired: number): ScaleInput {
  const rs = ctx.newRS;
  return {
    name: rs?.name ?? replicaSetName(ctx.input.name, ctx.input.hash),
    current: rs?.replicas ?? 0,
    available: rs?.availableReplicas ?? 0,
    desired,
  };
}

const setInput = (rs: ObservedReplicaSet, desired: number): ScaleInput => ({
  name: rs.name,
  current: rs.replicas,
  available: rs.availableReplicas,
  desired,
});

function toTargets(
  ctx: CanaryContext,
  replicasByName: ReadonlyMap<string, number>,
  deadlines: ReadonlyMap<string, string | null> = new Map(),
): ReplicaSetTarget[] {
  const newName = replicaSetName(ctx.input.name, ctx.input.hash);
  const targets: ReplicaSetTarget[] = ctx.input.replicaSets.map((rs) => ({
    name: rs.name,
    hash: rs.hash,
    replicas: replicasByName.get(rs.name) ?? rs.replicas,
    revision: rs.hash === ctx.input.hash ? ctx.revision : rs.revision,
    create: false,
    ...(deadlines.has(rs.name) ? { scaleDownDeadline: deadlines.get(rs.name) ?? null } : {}),
  }));
  if (ctx.newRS === undefined) {
    targets.push({
      name: newName,
      hash: ctx.input.hash,
      replicas: replicasByName.get(newName) ?? 0,
      revision: ctx.revision,
      create: true,
    });
  }
  return targets;
}

const isAt = (rs: ObservedReplicaSet | undefined, count: number): boolean =>
  (rs?.replicas ?? 0) === count && (rs?.availableReplicas ?? 0) >= count;

/**
 * The ReplicaSet counts for a canary at `weight` of traffic. Without a router the weight is the
 * replica ratio, reached in rolling moves within maxSurge / maxUnavailable. With a router the
 * stable stays at full size and the canary is sized to the weight. `keepCanary` holds the canary
 * up (an abort within abortScaleDownDelaySeconds).
 */
export function canaryReplicaPlan(
  ctx: CanaryContext,
  stableHash: string,
  weight: number,
  keepCanary = false,
): ReplicaPlan {
  const stable = ctx.input.replicaSets.find((rs) => rs.hash === stableHash);
  const others = ctx.input.replicaSets.filter(
    (rs) => rs.hash !== stableHash && rs.hash !== ctx.input.hash,
  );
  const r = ctx.replicas;
  if (ctx.routed) {
    const canaryCount = keepCanary ? (ctx.newRS?.replicas ?? 0) : Math.ceil((r * weight) / 100);
    const counts = new Map<string, number>(others.map((rs) => [rs.name, 0]));
    counts.set(newSetInput(ctx, 0).name, canaryCount);
    if (stable !== undefined) counts.set(stable.name, r);
    return {
      targets: toTargets(ctx, counts),
      atDesired: isAt(ctx.newRS, canaryCount) && (stable?.availableReplicas ?? 0) >= r,
    };
  }
  const desired = basicCanaryCounts(r, weight, ctx.limits.maxSurge);
  const canaryDesired = keepCanary ? (ctx.newRS?.replicas ?? 0) : desired.canary;
  const inputs = [
    ...others.map((rs) => setInput(rs, 0)),
    newSetInput(ctx, canaryDesired),
    ...(stable === undefined ? [] : [setInput(stable, desired.stable)]),
  ];
  const counts = rollingTargets(inputs, r, ctx.limits);
  return {
    targets: toTargets(ctx, counts),
    atDesired:
      isAt(ctx.newRS, canaryDesired) &&
      (stable === undefined || isAt(stable, desired.stable)) &&
      others.every((rs) => rs.replicas === 0),
  };
}

/**
 * The counts once the desired template is the stable one: it runs at full size and every other
 * ReplicaSet goes to zero — behind a router only after scaleDownDelaySeconds, so traffic that
 * still reaches the old pods is served while the router catches up.
 */
export function settledReplicaPlan(ctx: CanaryContext): ReplicaPlan {
  const r = ctx.replicas;
  const others = ctx.input.replicaSets.filter((rs) => rs.hash !== ctx.input.hash);
  if (!ctx.routed) {
    const inputs = [...others.map((rs) => setInput(rs, 0)), newSetInput(ctx, r)];
    const counts = rollingTargets(inputs, r, ctx.limits);
    return {
      targets: toTargets(ctx, counts),
      atDesired: isAt(ctx.newRS, r) && others.every((rs) => rs.replicas === 0),
    };
  }
  const delayMs =
    (ctx.input.spec.strategy.canary.scaleDownDelaySeconds ??
      rolloutDefaults.scaleDownDelaySeconds) * 1000;
  const counts = new Map<string, number>([[newSetInput(ctx, r).name, r]]);
  const deadlines = new Map<string, string | null>();
  let requeueAfterMs: number | undefined;
  for (const rs of others) {
    if (rs.replicas === 0) continue;
    const deadline = rs.scaleDownDeadline ?? new Date(ctx.nowMs + delayMs).toISOString();
    const wait = Date.parse(deadline) - ctx.nowMs;
    if (wait > 0 && (ctx.newRS?.availableReplicas ?? 0) >= r) {
      if (rs.scaleDownDeadline === undefined) deadlines.set(rs.name, deadline);
      requeueAfterMs = Math.min(requeueAfterMs ?? wait, wait);
    } else if (wait <= 0) {
      counts.set(rs.name, 0);
      deadlines.set(rs.name, null);
    }
  }
  return {
    targets: toTargets(ctx, counts, deadlines),
    atDesired: isAt(ctx.newRS, r),
    ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }),
  };
}
