import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../../rollout/canary/rollout-status.js';
import type { RolloutSnapshot } from './render-rollout.js';
import type { RolloutView } from '../../../rollout/actions/index.js';
import { clearScreen, frame, isSettled, watchRollout } from './rollout-get.js';

function rollout(status: RolloutStatus, generation = 3): RolloutView {
  return {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'demo', namespace: 'shop', generation },
    spec: { strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } } },
    status,
  };
}

const snap = (status: RolloutStatus): RolloutSnapshot => ({
  rollout: rollout(status),
  replicaSets: [],
  pods: [],
  analysisRuns: [],
});

describe('isSettled', () => {
  it.each<[RolloutStatus, boolean]>([
    [{ phase: 'Healthy', observedGeneration: '3' }, true],
    [{ phase: 'Degraded', observedGeneration: '3' }, true],
    [{ phase: 'Healthy' }, true],
    [{ phase: 'Healthy', observedGeneration: '2' }, false],
    [{ phase: 'Paused', observedGeneration: '3' }, false],
    [{ phase: 'Progressing', observedGeneration: '3' }, false],
    [{}, false],
  ])('%j → %s', (status, settled) => {
    expect(isSettled(rollout(status))).toBe(settled);
  });
});

describe('frame', () => {
  it.each([
    [true, true, `${clearScreen}X`],
    [false, true, `${clearScreen}X`],
    [true, false, 'X'],
    [false, false, `\n${'─'.repeat(40)}\nX`],
  ])('first=%s tty=%s', (first, tty, text) => {
    expect(frame('X', first, tty)).toBe(text);
  });
});

describe('watchRollout', () => {
  const sequence = (list: RolloutSnapshot[]): (() => Promise<RolloutSnapshot>) => {
    let i = 0;
    return () => Promise.resolve(list[Math.min(i++, list.length - 1)] as RolloutSnapshot);
  };

  it('prints a frame only when the picture changes and, with --until-done, stops when settled', async () => {
    const out: string[] = [];
    const progressing = snap({
      phase: 'Progressing',
      observedGeneration: '3',
      currentStepIndex: 0,
    });
    const paused = snap({ phase: 'Paused', observedGeneration: '3', currentStepIndex: 1 });
    const healthy = snap({ phase: 'Healthy', observedGeneration: '3', currentStepIndex: 2 });
    const code = await watchRollout(
      sequence([progressing, progressing, paused, paused, healthy]),
      { out: (t) => out.push(t), err: () => undefined },
      { untilDone: true, tty: false, intervalMs: 1, signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('◌ Progressing');
    expect(out[1]).toContain('॥ Paused');
    expect(out[2]).toContain('✔ Healthy');
  });

  it('keeps watching a settled rollout without --until-done until interrupted', async () => {
    const stop = new AbortController();
    let reads = 0;
    const read = (): Promise<RolloutSnapshot> => {
      reads += 1;
      if (reads === 3) stop.abort();
      return Promise.resolve(snap({ phase: 'Healthy' }));
    };
    const out: string[] = [];
    const code = await watchRollout(
      read,
      { out: (t) => out.push(t), err: () => undefined },
      { untilDone: false, tty: true, intervalMs: 1, signal: stop.signal },
    );
    expect(code).toBe(0);
    expect(reads).toBe(3);
    expect(out).toHaveLength(1);
    expect(out[0]?.startsWith(clearScreen)).toBe(true);
  });
});
