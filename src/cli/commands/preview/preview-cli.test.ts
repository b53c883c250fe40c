import { describe, expect, it } from 'vitest';
import type { ApplicationObject } from '../../../gitops/index.js';
import { previewRecord } from '../../../preview/testing-record.js';
import { prNumber, shortDuration } from './preview-context.js';
import { previewRows, shownStatus } from './preview-list.js';

const app = (health: string): ApplicationObject => ({
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'pr-12-cat-app', namespace: 'slipway-system' },
  status: { health: { status: health as 'Healthy' } },
});

describe('slipway preview list', () => {
  const now = new Date(Date.parse(previewRecord().createdAt) + 3 * 3600_000);

  it('prints PR, app, namespace, URL, status, age and expiry', () => {
    const rows = previewRows(
      [previewRecord({ expiresAt: new Date(now.getTime() + 69 * 3600_000).toISOString() })],
      undefined,
      now,
    );
    expect(rows).toEqual([
      ['PR', 'APP', 'NAMESPACE', 'URL', 'STATUS', 'AGE', 'EXPIRES'],
      ['12', 'cat-app', 'pr-12-cat-app', 'http://127.0.0.1:30080/', 'Ready', '3h', 'in 2d21h'],
    ]);
  });

  it('says when a preview expired or was deleted', () => {
    const rows = previewRows(
      [previewRecord({ url: undefined }), previewRecord({ status: 'Deleted' })],
      undefined,
      now,
    );
    expect(rows[1]?.slice(3)).toEqual(['-', 'Ready', '3h', 'expired']);
    expect(rows[2]?.at(-1)).toBe('-');
  });

  it('adds what the cluster says when it differs from the record', () => {
    const key = 'slipway-system/pr-12-cat-app';
    expect(shownStatus(previewRecord(), new Map([[key, app('Healthy')]]))).toBe('Ready');
    expect(shownStatus(previewRecord(), new Map([[key, app('Degraded')]]))).toBe(
      'Ready (Degraded)',
    );
    expect(shownStatus(previewRecord(), new Map())).toBe('Ready (Application missing)');
    expect(shownStatus(previewRecord({ status: 'Failed' }), new Map())).toBe('Failed');
  });
});

describe('the preview commands’ arguments', () => {
  it.each(['12', '1'])('takes %s as a PR number', (text) => {
    expect(prNumber([text], 'usage')).toBe(Number(text));
  });
  it.each(['0', '-1', 'x', '1.5', ''])('refuses %j', (text) => {
    expect(() => prNumber([text], 'usage')).toThrow('is not a pull request number');
  });
  it.each<[number, string]>([
    [5_000, '5s'],
    [600_000, '10m'],
    [3 * 3600_000, '3h'],
    [72 * 3600_000, '3d'],
  ])('%i ms reads %s', (ms, text) => {
    expect(shortDuration(ms)).toBe(text);
  });
});
