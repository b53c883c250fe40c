import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { openStoreDatabase } from './open-store-database.js';
import { SqliteRunStore } from './sqlite-run-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openStoreDatabase', () => {
  it('brings a new file to the newest migration, shared with the run store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-open-'));
    dirs.push(dir);
    const file = join(dir, 'state', 'slipway.db');
    const first = openStoreDatabase(file);
    const second = openStoreDatabase(file);
    const newest = Math.max(...migrations.map((m) => m.version));
    expect(Number(second.pragma('user_version', { simple: true }))).toBe(newest);
    expect(second.pragma('journal_mode', { simple: true })).toBe('wal');
    const runs = new SqliteRunStore(file);
    expect(await runs.listRuns()).toEqual([]);
    expect(first.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 0 });
    runs.close();
    first.close();
    second.close();
  });
});
