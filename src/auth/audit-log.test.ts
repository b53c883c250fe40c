import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from './auth-types.js';
import { openAuthStore, type AuthStore } from './auth-store.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function open(): AuthStore {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-audit-'));
  const store = openAuthStore(join(dir, 'slipway.db'));
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

function event(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    who: 'ann',
    action: 'rollout.promote',
    target: 'Rollout shop/web',
    project: 'shop',
    at: `2026-03-01T09:00:${String(n).padStart(2, '0')}.000Z`,
    from: '127.0.0.1',
    outcome: 'allowed',
    ...overrides,
  };
}

describe('SqliteAuditLog', () => {
  it('lists newest first with who, what, when, from and outcome', async () => {
    const { audit } = open();
    await audit.record(event(1));
    await audit.record(event(2, { outcome: 'denied', detail: 'needs deployer in shop' }));
    const listed = await audit.list({});
    expect(listed.map((e) => e.at)).toEqual([event(2).at, event(1).at]);
    expect(listed[0]).toEqual({
      ...event(2),
      outcome: 'denied',
      detail: 'needs deployer in shop',
      id: '2',
    });
  });

  it('filters by project and by who, and pages with before (an id or a time)', async () => {
    const { audit } = open();
    await audit.record(event(1));
    await audit.record(event(2, { who: 'bob' }));
    await audit.record(event(3, { project: 'billing' }));
    await audit.record(event(4));
    const ats = (events: AuditEvent[]): string[] => events.map((e) => e.at.slice(17, 19));
    expect(ats(await audit.list({ project: 'shop' }))).toEqual(['04', '02', '01']);
    expect(ats(await audit.list({ who: 'ann' }))).toEqual(['04', '03', '01']);
    expect(ats(await audit.list({ who: 'ann', project: 'shop' }))).toEqual(['04', '01']);
    const page = await audit.list({ project: 'shop', limit: 2 });
    expect(ats(page)).toEqual(['04', '02']);
    expect(ats(await audit.list({ project: 'shop', before: page[1]?.id }))).toEqual(['01']);
    expect(ats(await audit.list({ before: event(3).at }))).toEqual(['02', '01']);
  });
});
