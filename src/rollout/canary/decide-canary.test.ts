import { describe, expect, it } from 'vitest';
import type { RolloutSpec } from '../../config/rollout.js';
import type { ObservedAnalysisRun, ObservedReplicaSet } from './canary-input.js';
import { decideCanary, type CanaryDecision } from './decide-canary.js';
import type { RolloutStatus } from './rollout-status.js';

type World = {
  spec: RolloutSpec;
  status: RolloutStatus;
  hash: string;
  sets: ObservedReplicaSet[];
  runs: ObservedAnalysisRun[];
  now: number;
  /** Pods never become available (a canary that crashes). */
  unavailable?: Set<string>;
};

const spec = (over: Partial<RolloutSpec['strategy']['canary']> = {}): RolloutSpec => ({
  replicas: 5,
  strategy: {
    canary: {
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { duration: 10 } }],
      ...over,
    },
  },
});

function decide(world: World): CanaryDecision {
  return decideCanary({
    name: 'web',
    generation: 1,
    spec: world.spec,
    status: world.status,
    hash: world.hash,
    replicaSets: world.sets,
    analysisRuns: world.runs,
    now: new Date(world.now),
  });
}

/** Applies a decision the way a cluster would: counts take effect, pods become available. */
function apply(world: World, decision: CanaryDecision): void {
  world.status = decision.status;
  world.sets = decision.plan.targets.map((t) => {
    const ready = world.unavailable?.has(t.hash) ? 0 : t.replicas;
    const deadline =
      t.scaleDownDeadline === null
        ? undefined
        : (t.scaleDownDeadline ?? world.sets.find((s) => s.name === t.name)?.scaleDownDeadline);
    return {
      name: t.name,
      hash: t.hash,
      revision: t.revision,
      replicas: t.replicas,
      podCount: t.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(deadline === undefined ? {} : { scaleDownDeadline: deadline }),
    };
  });
}

/** Reconciles until nothing changes (or a pause / wait holds it); runs created are collected. */
function settle(world: World, rounds = 20): CanaryDecision {
  let decision = decide(world);
  const created = [...decision.createRuns];
  const terminated = [...decision.terminateRuns];
  for (let i = 0; i < rounds; i += 1) {
    const before = JSON.stringify([world.sets, world.status.currentStepIndex, world.status.phase]);
    apply(world, decision);
    decision = decide(world);
    created.push(...decision.createRuns);
    terminated.push(...decision.terminateRuns);
    const after = JSON.stringify([world.sets, world.status.currentStepIndex, world.status.phase]);
    if (before === after) break;
  }
  apply(world, decision);
  return { ...decision, createRuns: created, terminateRuns: [...new Set(terminated)] };
}

const countsOf = (world: World): Record<string, number> =>
  Object.fromEntries(world.sets.map((s) => [s.hash, s.replicas]));

function deployed(over: Partial<RolloutSpec['strategy']['canary']> = {}): World {
  const world: World = { spec: spec(over), status: {}, hash: 'aaa', sets: [], runs: [], now: 0 };
  settle(world);
  return world;
}

describe('decideCanary', () => {
  it('deploys the first template at full size with no steps, and is Healthy', () => {
    const world = deployed();
    expect(countsOf(world)).toEqual({ aaa: 5 });
    expect(world.status).toMatchObject({ phase: 'Healthy', stableRS: 'aaa', currentStepIndex: 4 });
  });

  it('takes a new template to 20% by replica ratio and pauses there until promoted', () => {
    const world = deployed();
    world.hash = 'bbb';
    const decision = settle(world);
    expect(countsOf(world)).toEqual({ aaa: 4, bbb: 1 });
    expect(world.status).toMatchObject({
      phase: 'Paused',
      currentStepIndex: 1,
      controllerPause: true,
    });
    expect(world.status.pauseConditions?.[0]?.reason).toBe('CanaryPauseStep');
    expect(world.status.canary?.weights?.canary.weight).toBe(20);
    expect(decision.stableHash).toBe('aaa');
    expect(decision.canaryHash).toBe('bbb');

    // promote: a client removes the pause conditions
    world.status = { ...world.status, pauseConditions: [] };
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 2, bbb: 3 });
    expect(world.status).toMatchObject({ phase: 'Paused', currentStepIndex: 3 });

    // the timed pause ends by itself
    world.now += 10_000;
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 0, bbb: 5 });
    expect(world.status).toMatchObject({ phase: 'Healthy', stableRS: 'bbb', currentStepIndex: 4 });
  });

  it('keeps its step across a restart: the same input gives the same plan', () => {
    const world = deployed();
    world.hash = 'bbb';
    settle(world);
    const again = decide(world);
    expect(again.plan.targets.map((t) => t.replicas)).toEqual(world.sets.map((s) => s.replicas));
    expect(again.status.currentStepIndex).toBe(1);
  });

  it('promote --full skips the remaining steps', () => {
    const world = deployed();
    world.hash = 'bbb';
    settle(world);
    world.status = { ...world.status, promoteFull: true };
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 0, bbb: 5 });
    expect(world.status).toMatchObject({ phase: 'Healthy', stableRS: 'bbb', promoteFull: false });
  });

  it('abort sends everything back to stable, is Degraded, and a new template starts afresh', () => {
    const world = deployed();
    world.hash = 'bbb';
    settle(world);
    world.status = { ...world.status, abort: true };
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 0 });
    expect(world.status).toMatchObject({ phase: 'Degraded', currentStepIndex: 0, stableRS: 'aaa' });
    expect(world.status.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2/);
    expect(world.status.abortedAt).toBeDefined();

    world.hash = 'ccc';
    settle(world);
    expect(world.status).toMatchObject({ abort: false, phase: 'Paused', currentStepIndex: 1 });
    expect(countsOf(world)).toEqual({ aaa: 4, bbb: 0, ccc: 1 });
  });

  it('retry (abort cleared) starts the steps again', () => {
    const world = deployed();
    world.hash = 'bbb';
    settle(world);
    world.status = { ...world.status, abort: true };
    settle(world);
    world.status = { ...world.status, abort: false };
    settle(world);
    expect(world.status).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });
    expect(countsOf(world)).toEqual({ aaa: 4, bbb: 1 });
  });

  it('undo to the stable template mid-canary scales the canary away', () => {
    const world = deployed();
    world.hash = 'bbb';
    settle(world);
    world.hash = 'aaa';
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 0 });
    expect(world.status.phase).toBe('Healthy');
  });

  it('never goes below replicas - maxUnavailable available pods while moving', () => {
    const world = deployed({ steps: [{ setWeight: 100 }], maxSurge: 1, maxUnavailable: 0 });
    world.hash = 'bbb';
    for (let i = 0; i < 30; i += 1) {
      const decision = decide(world);
      const total = decision.plan.targets.reduce((n, t) => n + t.replicas, 0);
      expect(total).toBeLessThanOrEqual(6);
      const keptAvailable = decision.plan.targets.reduce(
        (n, t) =>
          n +
          Math.min(t.replicas, world.sets.find((s) => s.name === t.name)?.availableReplicas ?? 0),
        0,
      );
      expect(keptAvailable).toBeGreaterThanOrEqual(5);
      apply(world, decision);
    }
    expect(countsOf(world)).toEqual({ aaa: 0, bbb: 5 });
  });

  it('with a router keeps stable at full size, sizes the canary to the weight and sets the weight', () => {
    const world = deployed({ trafficRouting: { nginx: { stableIngress: 'web' } } });
    world.hash = 'bbb';
    const decision = settle(world);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 1 });
    expect(decision.trafficWeight).toBe(20);
  });

  it('behind a router the old stable scales down only after scaleDownDelaySeconds', () => {
    const world = deployed({ trafficRouting: { nginx: { stableIngress: 'web' } }, steps: [] });
    world.hash = 'bbb';
    const decision = settle(world);
    expect(decision.trafficWeight).toBe(0);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 5 });
    expect(decision.requeueAfterMs).toBe(30_000);
    world.now += 30_000;
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 0, bbb: 5 });
  });

  it('behind a router an abort holds the canary for abortScaleDownDelaySeconds', () => {
    const world = deployed({
      trafficRouting: { nginx: { stableIngress: 'web' } },
      abortScaleDownDelaySeconds: 5,
    });
    world.hash = 'bbb';
    settle(world);
    world.status = { ...world.status, abort: true };
    const decision = settle(world);
    expect(decision.trafficWeight).toBe(0);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 1 });
    world.now += 5_000;
    settle(world);
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 0 });
  });

  it('aborts when the canary is not ready by the progress deadline and progressDeadlineAbort is set', () => {
    const world = deployed();
    world.spec = { ...world.spec, progressDeadlineSeconds: 30, progressDeadlineAbort: true };
    world.hash = 'bbb';
    world.unavailable = new Set(['bbb']);
    settle(world);
    expect(world.status.phase).toBe('Progressing');
    world.now += 31_000;
    settle(world);
    expect(world.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(world.status.message).toContain('has timed out progressing');
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 0 });
  });

  it('without progressDeadlineAbort a missed deadline is Degraded but not aborted', () => {
    const world = deployed();
    world.spec = { ...world.spec, progressDeadlineSeconds: 30 };
    world.hash = 'bbb';
    world.unavailable = new Set(['bbb']);
    settle(world);
    world.now += 31_000;
    settle(world);
    expect(world.status.phase).toBe('Degraded');
    expect(world.status.abort).toBe(false);
  });

  it('an analysis step creates a run, waits for it, and a failure aborts', () => {
    const world = deployed({
      steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'rate' }] } }],
    });
    world.hash = 'bbb';
    let decision = settle(world);
    expect(decision.createRuns).toEqual([
      expect.objectContaining({ name: 'web-bbb-2-1', kind: 'step', stepIndex: 1 }),
    ]);
    world.runs = [{ name: 'web-bbb-2-1', phase: 'Running' }];
    decision = settle(world);
    expect(decision.createRuns).toEqual([]);
    expect(world.status.canary?.currentStepAnalysisRunStatus).toEqual({
      name: 'web-bbb-2-1',
      status: 'Running',
    });
    world.runs = [{ name: 'web-bbb-2-1', phase: 'Failed', message: 'metric "rate" failed' }];
    settle(world);
    expect(world.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(world.status.message).toContain(
      'AnalysisRun "web-bbb-2-1" failed: metric "rate" failed',
    );
    expect(countsOf(world)).toEqual({ aaa: 5, bbb: 0 });

    // a retry makes a new run rather than reading the failed one again
    world.status = { ...world.status, abort: false };
    decision = settle(world);
    expect(decision.createRuns.map((r) => r.name)).toEqual(['web-bbb-2-1.1']);
  });

  it('a successful analysis step lets the rollout finish', () => {
    const world = deployed({
      steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'rate' }] } }],
    });
    world.hash = 'bbb';
    settle(world);
    world.runs = [{ name: 'web-bbb-2-1', phase: 'Successful' }];
    settle(world);
    expect(world.status).toMatchObject({ phase: 'Healthy', stableRS: 'bbb' });
  });

  it('background analysis that fails aborts; runs still measuring are terminated', () => {
    const world = deployed({ analysis: { templates: [{ templateName: 'rate' }] } });
    world.hash = 'bbb';
    let decision = settle(world);
    expect(decision.createRuns.map((r) => r.kind)).toEqual(['background']);
    world.runs = [
      { name: 'web-bbb-2', phase: 'Failed' },
      { name: 'other', phase: 'Running' },
    ];
    decision = settle(world);
    expect(world.status.abort).toBe(true);
    expect(decision.terminateRuns).toEqual(['other']);
  });

  it('spec.paused holds the steps', () => {
    const world = deployed();
    world.spec = { ...world.spec, paused: true };
    world.hash = 'bbb';
    settle(world);
    expect(world.status).toMatchObject({
      phase: 'Paused',
      currentStepIndex: 0,
      message: 'manually paused',
    });
  });
});
