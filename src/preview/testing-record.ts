import type { PreviewRecord } from './preview-record.js';

// A preview record for tests: PR #12 of cat-app, Ready, with every field set.

export const minuteOf = (minute: number): string =>
  new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

export function previewRecord(overrides: Partial<PreviewRecord> = {}): PreviewRecord {
  return {
    pr: 12,
    app: 'cat-app',
    namespace: 'pr-12-cat-app',
    applicationNamespace: 'slipway-system',
    repo: 'https://git.example/cat-app.git',
    branch: 'feature/x',
    sha: 'a'.repeat(40),
    image: `127.0.0.1:5000/cat-app@sha256:${'1'.repeat(64)}`,
    url: 'http://127.0.0.1:30080/',
    status: 'Ready',
    message: undefined,
    eventAt: minuteOf(10),
    closedAt: undefined,
    createdAt: minuteOf(10),
    updatedAt: minuteOf(12),
    expiresAt: minuteOf(60),
    ...overrides,
  };
}
