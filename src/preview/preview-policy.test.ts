import { describe, expect, it } from 'vitest';
import { admitPreview, expiredPreviews, expiryFrom } from './preview-policy.js';
import { previewRecord as record } from './testing-record.js';

const at = (hour: number): string => new Date(Date.UTC(2026, 0, 1, hour)).toISOString();

describe('expiryFrom', () => {
  it('adds the TTL to the last update', () => {
    expect(expiryFrom(new Date(at(0)), 72 * 3600_000)).toBe(
      new Date(Date.UTC(2026, 0, 4, 0)).toISOString(),
    );
  });
});

describe('expiredPreviews', () => {
  it('returns the previews past their expiry that are not deleted, oldest first', () => {
    const records = [
      record({ pr: 1, expiresAt: at(5) }),
      record({ pr: 2, expiresAt: at(3) }),
      record({ pr: 3, expiresAt: at(9) }),
      record({ pr: 4, expiresAt: at(1), status: 'Deleted' }),
    ];
    expect(expiredPreviews(records, new Date(at(6))).map((r) => r.pr)).toEqual([2, 1]);
  });
});

describe('admitPreview', () => {
  const running = [
    record({ pr: 3, namespace: 'pr-3-cat-app', createdAt: at(2) }),
    record({ pr: 1, namespace: 'pr-1-cat-app', createdAt: at(1), status: 'Degraded' }),
    record({ pr: 9, namespace: 'pr-9-cat-app', createdAt: at(0), status: 'Failed' }),
    record({ pr: 8, namespace: 'pr-8-cat-app', createdAt: at(0), status: 'Deleted' }),
  ];

  it('admits while fewer than the limit hold resources', () => {
    expect(admitPreview(running, { app: 'cat-app', pr: 5 }, 3)).toEqual({ admitted: true });
  });

  it('refuses at the limit, naming the limit and the oldest preview', () => {
    const admission = admitPreview(running, { app: 'cat-app', pr: 5 }, 2);
    expect(admission).toEqual({
      admitted: false,
      reason:
        'the limit of 2 concurrent previews is reached (pr-1-cat-app, pr-3-cat-app); ' +
        `the oldest is pr-1-cat-app (PR #1 of cat-app, created ${at(1)})`,
      hint: 'delete one with `slipway preview delete 1 --app cat-app`, or raise the preview limit',
    });
  });

  it('does not count the preview itself (an update is never refused)', () => {
    expect(admitPreview(running, { app: 'cat-app', pr: 3 }, 2).admitted).toBe(true);
  });

  it('says previews are off at a limit of 0', () => {
    const admission = admitPreview([], { app: 'cat-app', pr: 5 }, 0);
    expect(admission.admitted).toBe(false);
    expect(!admission.admitted && admission.reason).toContain('turned off');
  });
});
