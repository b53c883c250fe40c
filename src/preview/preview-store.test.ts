import { afterEach, describe, expect, it } from 'vitest';
import { SqlitePreviewStore } from './preview-store.js';
import { minuteOf, previewRecord } from './testing-record.js';

describe('SqlitePreviewStore', () => {
  let store: SqlitePreviewStore | undefined;
  afterEach(() => store?.close());

  it('keeps a preview and reads it back as it was', () => {
    store = SqlitePreviewStore.open(':memory:');
    const record = previewRecord({ branch: undefined, message: 'hello' });
    store.put(record);
    expect(store.get('cat-app', 12)).toEqual(record);
    expect(store.get('cat-app', 13)).toBeUndefined();
  });

  it('replaces a preview on put, one row per app and pull request', () => {
    store = SqlitePreviewStore.open(':memory:');
    store.put(previewRecord());
    store.put(previewRecord({ status: 'Deleted', closedAt: minuteOf(30) }));
    expect(store.list({ includeDeleted: true })).toHaveLength(1);
    expect(store.get('cat-app', 12)?.closedAt).toBe(minuteOf(30));
  });

  it('lists oldest first, filtered, without the deleted unless asked', () => {
    store = SqlitePreviewStore.open(':memory:');
    store.put(previewRecord({ pr: 2, createdAt: minuteOf(5) }));
    store.put(previewRecord({ pr: 1, createdAt: minuteOf(9) }));
    store.put(previewRecord({ pr: 3, createdAt: minuteOf(1), status: 'Deleted' }));
    store.put(previewRecord({ pr: 1, app: 'web', createdAt: minuteOf(2) }));
    expect(store.list().map((r) => `${r.app}#${r.pr}`)).toEqual([
      'web#1',
      'cat-app#2',
      'cat-app#1',
    ]);
    expect(store.list({ pr: 1 }).map((r) => r.app)).toEqual(['web', 'cat-app']);
    expect(store.list({ app: 'cat-app', includeDeleted: true }).map((r) => r.pr)).toEqual([
      3, 2, 1,
    ]);
  });
});
