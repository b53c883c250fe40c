import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../store/index.js';
import { mergeTimeline, timelineTable } from './merge-timeline.js';

const t0 = Date.parse('2026-11-30T08:00:00.000Z');
const iso = (s: number): string => new Date(t0 + s * 1000).toISOString();

const step = (name: string, start: number, end: number, status = 'succeeded') => ({
  index: 0,
  id: undefined,
  name,
  uses: undefined,
  status,
  startedAt: iso(start),
  finishedAt: iso(end),
  durationMs: (end - start) * 1000,
  outputs: {},
});

const run = {
  id: 'r1',
  pipeline: 'main',
  createdAt: iso(1),
  startedAt: iso(1.5),
  summary: {
    file: 'main.yaml',
    reason: 'push',
    failures: [],
    jobs: [
      {
        id: 'test',
        name: 'test',
        status: 'succeeded',
        outputs: {},
        container: undefined,
        steps: [step('pytest', 2, 6)],
      },
      {
        id: 'release',
        name: 'release',
        status: 'succeeded',
        outputs: {},
        container: undefined,
        steps: [
          step('image-build', 6, 20),
          step('skipped one', 20, 20, 'skipped'),
          step('bump', 20, 22),
        ],
        finishedAt: iso(22),
      },
      {
        id: 'notify',
        name: 'notify',
        status: 'succeeded',
        outputs: {},
        container: undefined,
        steps: [step('slack', 22, 23)],
      },
    ],
  },
} as unknown as RunRecord;

describe('mergeTimeline', () => {
  const timeline = mergeTimeline({
    mergedAt: t0,
    run,
    sync: { deployStartedAt: iso(25), deployedAt: iso(27) },
    canaryAt: t0 + 40_000,
  });

  it('splits merge → canary into detection, steps, GitOps detection, sync and pods', () => {
    expect(timeline.rows.map((r) => [r.stage, r.ms / 1000])).toEqual([
      ['webhook → main run queued (detection)', 1],
      ['queued → started', 0.5],
      ['test / pytest', 4],
      ['release / image-build', 14],
      ['release / bump', 2],
      ['notify / slack', 1],
      ['config commit → sync started (GitOps detection)', 3],
      ['sync (apply)', 2],
      ['synced → canary pods ready, 20% served', 13],
    ]);
    expect(timeline.totalMs).toBe(40_000);
  });

  it('marks the notify job as beside the critical path in the table', () => {
    expect(timeline.rows.find((r) => r.stage === 'notify / slack')?.critical).toBe(false);
    expect(timelineTable(timeline)).toMatch(
      /notify \/ slack\s+1\.0 s {2}\(beside the critical path\)/,
    );
    expect(timelineTable(timeline)).toMatch(/merge → canary serving 20%\s+40\.0 s$/);
  });

  it('measures the sync from the config commit when the history has no start time', () => {
    const noStart = mergeTimeline({
      mergedAt: t0,
      run,
      sync: { deployedAt: iso(27) },
      canaryAt: t0 + 40_000,
    });
    expect(noStart.rows.find((r) => r.stage === 'sync (apply)')?.ms).toBe(5000);
    expect(noStart.rows.some((r) => r.stage.startsWith('config commit'))).toBe(false);
  });
});
