import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingMigrations, type Migration } from './migrations.js';
import type { RunRecord } from './run-record.js';
import { SqliteRunStore } from './sqlite-run-store.js';

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    pipeline: 'ci',
    repo: '/src/app',
    event: { kind: 'push', ref: 'refs/heads/main', sha: 'abc' },
    status: 'queued',
    concurrencyGroup: undefined,
    cancelRequested: false,
    createdAt: `2026-01-01T00:00:0${id.slice(-1)}.000Z`,
    startedAt: undefined,
    finishedAt: undefined,
    owner: { host: 'h', pid: 1 },
    summary: { file: '.slipway/pipelines/ci.yaml', reason: 'push', jobs: [], failures: [] },
    ...overrides,
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqliteRunStore', () => {
  it('keeps runs across reopening the file, newest first, with filters and a limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-store-'));
    dirs.push(dir);
    const file = join(dir, 'state', 'slipway.db');
    const store = new SqliteRunStore(file);
    await store.createRun(run('r1'));
    await store.createRun(run('r2', { pipeline: 'release', concurrencyGroup: 'g' }));
    await store.createRun(run('r3'));
    await store.updateRun('r1', { status: 'failed', finishedAt: '2026-01-01T00:01:00.000Z' });
    store.close();

    const reopened = new SqliteRunStore(file);
    expect((await reopened.listRuns()).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect((await reopened.listRuns({ limit: 1 })).map((r) => r.id)).toEqual(['r3']);
    expect((await reopened.listRuns({ pipeline: 'release' })).map((r) => r.id)).toEqual(['r2']);
    expect((await reopened.listRuns({ status: ['failed'] })).map((r) => r.id)).toEqual(['r1']);
    expect((await reopened.listRuns({ concurrencyGroup: 'g' })).map((r) => r.id)).toEqual(['r2']);
    const r1 = await reopened.getRun('r1');
    expect(r1?.status).toBe('failed');
    expect(r1?.event.sha).toBe('abc');
    expect(await reopened.getRun('nope')).toBeUndefined();
    reopened.close();
  });

  it('numbers log lines per run and returns those after a sequence number', async () => {
    const store = new SqliteRunStore(':memory:');
    await store.createRun(run('r1'));
    const time = '2026-01-01T00:00:00.000Z';
    for (const line of ['a', 'b', 'c']) {
      await store.appendLog({ runId: 'r1', job: 'build', step: 'test', time, line });
    }
    expect(await store.appendLog({ runId: 'r2', job: 'j', step: 's', time, line: 'x' })).toBe(1);
    expect((await store.logs('r1')).map((l) => `${l.seq}:${l.line}`)).toEqual([
      '1:a',
      '2:b',
      '3:c',
    ]);
    expect((await store.logs('r1', 2)).map((l) => l.line)).toEqual(['c']);
    store.close();
  });

  it('sets the cancel flag only on a run that exists', async () => {
    const store = new SqliteRunStore(':memory:');
    await store.createRun(run('r1'));
    expect(await store.requestCancel('r1')).toBe(true);
    expect(await store.requestCancel('missing')).toBe(false);
    expect((await store.getRun('r1'))?.cancelRequested).toBe(true);
    store.close();
  });
});

describe('pendingMigrations', () => {
  const all: Migration[] = [
    { version: 2, name: 'b', sql: '' },
    { version: 1, name: 'a', sql: '' },
    { version: 3, name: 'c', sql: '' },
  ];
  it.each([
    [0, [1, 2, 3]],
    [1, [2, 3]],
    [3, []],
  ])('from version %i runs %j in order', (version, expected) => {
    expect(pendingMigrations(version, all).map((m) => m.version)).toEqual(expected);
  });
});
