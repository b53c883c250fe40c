// What the benchmark driver sees of the Rollouts: one watch on the namespace, the latest object
// of each, how many times each changed (mostly the controller's status writes), when each
// reached each canary step, and when each first passed the check of the current phase.
import { slipwayApiVersion, watchCollection, type KubeObject } from '../../src/kube/index.js';
import type { ObjectClient } from '../../src/kube/index.js';
import type { RolloutStatus } from '../../src/rollout/index.js';

export type RolloutView = KubeObject & { status?: RolloutStatus };

/** Healthy at the spec it was given: the phase, the generation observed, stable = current. */
export const healthyAtSpec = (r: RolloutView): boolean =>
  r.status?.phase === 'Healthy' &&
  r.status.observedGeneration === String(r.metadata.generation) &&
  r.status.currentPodHash !== undefined &&
  r.status.stableRS === r.status.currentPodHash;

export type PhaseResult = {
  /** ms after the phase started when every Rollout had passed, or undefined on timeout. */
  readonly allPassedMs: number | undefined;
  /** ms after the phase started when each Rollout first passed. */
  readonly passedMs: ReadonlyMap<string, number>;
  /** Changes the watch delivered during the phase. */
  readonly updates: number;
  /** ms after the phase started when each Rollout was first seen at each step index. */
  readonly stepSeenMs: ReadonlyMap<string, ReadonlyMap<number, number>>;
};

export class RolloutWatcher {
  readonly latest = new Map<string, RolloutView>();
  private check: (r: RolloutView) => boolean = () => false;
  private startedAt = 0;
  private passed = new Map<string, number>();
  private steps = new Map<string, Map<number, number>>();
  private updates = 0;
  private readonly watch;

  constructor(client: ObjectClient, namespace: string) {
    this.watch = watchCollection(
      client.rest,
      `/apis/${slipwayApiVersion}/namespaces/${namespace}/rollouts`,
      undefined,
      (event) => this.observe(event.object),
    );
  }

  /** Starts a phase: from now on, each Rollout is timed until it first passes `check`. */
  begin(check: (r: RolloutView) => boolean): void {
    this.check = check;
    this.startedAt = performance.now();
    this.passed = new Map();
    this.steps = new Map();
    this.updates = 0;
    for (const r of this.latest.values()) this.notePassed(r, this.startedAt);
  }

  /** Waits until every one of `names` has passed the phase's check, or the timeout. */
  async untilAll(names: readonly string[], timeoutMs: number): Promise<PhaseResult> {
    const deadline = this.startedAt + timeoutMs;
    while (!names.every((n) => this.passed.has(n)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = names.every((n) => this.passed.has(n));
    return {
      allPassedMs: done ? Math.max(...names.map((n) => this.passed.get(n) ?? 0)) : undefined,
      passedMs: new Map(this.passed),
      updates: this.updates,
      stepSeenMs: new Map(this.steps),
    };
  }

  /** One line on the Rollouts that have not passed: how many, and the first one's status. */
  behind(names: readonly string[]): string {
    const left = names.filter((n) => !this.passed.has(n));
    const first = left[0] === undefined ? undefined : this.latest.get(left[0]);
    return `${names.length - left.length} of ${names.length} passed; ${left[0] ?? '?'}: ${JSON.stringify(first?.status ?? {}).slice(0, 1500)}`;
  }

  stop(): void {
    this.watch.stop();
  }

  private observe(rollout: RolloutView): void {
    this.latest.set(rollout.metadata.name, rollout);
    this.updates += 1;
    const at = performance.now();
    this.noteStep(rollout, at);
    this.notePassed(rollout, at);
  }

  /** Only a status about the current spec counts: the old one still shows the last step. */
  private noteStep(rollout: RolloutView, at: number): void {
    const name = rollout.metadata.name;
    const step = rollout.status?.currentStepIndex;
    if (
      step === undefined ||
      rollout.status?.observedGeneration !== String(rollout.metadata.generation)
    )
      return;
    const seen = this.steps.get(name) ?? new Map<number, number>();
    if (!seen.has(step)) seen.set(step, at - this.startedAt);
    this.steps.set(name, seen);
  }

  private notePassed(rollout: RolloutView, at: number): void {
    const name = rollout.metadata.name;
    if (!this.passed.has(name) && this.check(rollout)) this.passed.set(name, at - this.startedAt);
  }
}
