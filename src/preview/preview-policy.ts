import { deployedStatuses, type PreviewRecord } from './preview-record.js';

// The safety net: a preview lives at most its TTL after its last update, and only so many run
// at once. Pure.

/** When a preview updated at `from` expires. */
export const expiryFrom = (from: Date, ttlMs: number): string =>
  new Date(from.getTime() + ttlMs).toISOString();

/** The previews whose TTL has passed and that are not deleted yet, oldest first. */
export function expiredPreviews(records: readonly PreviewRecord[], now: Date): PreviewRecord[] {
  return records
    .filter((r) => r.status !== 'Deleted' && Date.parse(r.expiresAt) <= now.getTime())
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: string; readonly hint: string };

/**
 * Whether one more preview (app, pr) may start when `records` exist: the previews holding
 * cluster resources, other than this one, must be fewer than `limit`.
 */
export function admitPreview(
  records: readonly PreviewRecord[],
  key: { readonly app: string; readonly pr: number },
  limit: number,
): Admission {
  const running = records
    .filter((r) => deployedStatuses.includes(r.status) && !(r.app === key.app && r.pr === key.pr))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  if (running.length < limit) return { admitted: true };
  const oldest = running[0];
  if (oldest === undefined) {
    return {
      admitted: false,
      reason: 'previews are turned off (the limit of concurrent previews is 0)',
      hint: 'raise the preview limit to allow them',
    };
  }
  return {
    admitted: false,
    reason:
      `the limit of ${limit} concurrent preview${limit === 1 ? '' : 's'} is reached ` +
      `(${running.map((r) => r.namespace).join(', ')}); the oldest is ${oldest.namespace} ` +
      `(PR #${oldest.pr} of ${oldest.app}, created ${oldest.createdAt})`,
    hint: `delete one with \`slipway preview delete ${oldest.pr} --app ${oldest.app}\`, or raise the preview limit`,
  };
}
