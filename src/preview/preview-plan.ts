import type { PreviewRecord } from './preview-record.js';

// What to do with a preview when something happens to its pull request. Events are ordered by
// when they were received (a run's creation for a pushed image, receipt for a close), never by
// when their pipeline happened to finish: that is what settles races. Pure.

export type PreviewEvent =
  /** A run for the pull request succeeded and pushed `image` for commit `sha`. */
  | {
      readonly kind: 'pushed';
      readonly sha: string;
      readonly image: string;
      readonly at: string;
    }
  /** The pull request closed or merged, or the preview expired or was deleted by hand. */
  | { readonly kind: 'closed'; readonly at: string; readonly why: string };

export type PreviewAction = 'create' | 'update' | 'delete' | 'ignore';

export type PreviewDecision = { readonly action: PreviewAction; readonly reason: string };

const short = (sha: string): string => sha.slice(0, 12);
const before = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
const notAfter = (a: string, b: string): boolean => Date.parse(a) <= Date.parse(b);

export function planPreview(
  event: PreviewEvent,
  state: PreviewRecord | undefined,
): PreviewDecision {
  return event.kind === 'closed' ? planClose(event, state) : planPush(event, state);
}

function planClose(
  event: Extract<PreviewEvent, { kind: 'closed' }>,
  state: PreviewRecord | undefined,
): PreviewDecision {
  if (state === undefined) {
    return {
      action: 'delete',
      reason: `${event.why} before any preview was made: a result still on its way will be discarded`,
    };
  }
  if (state.status === 'Deleted') {
    return {
      action: 'delete',
      reason: `${event.why}; the preview was already deleted, so later results will be discarded`,
    };
  }
  return { action: 'delete', reason: event.why };
}

function planPush(
  event: Extract<PreviewEvent, { kind: 'pushed' }>,
  state: PreviewRecord | undefined,
): PreviewDecision {
  if (state === undefined)
    return { action: 'create', reason: `new preview at ${short(event.sha)}` };
  if (state.closedAt !== undefined && notAfter(event.at, state.closedAt)) {
    // The delete wins: nothing is deployed, but the run pushed its tag after the close.
    return {
      action: 'delete',
      reason: `the pull request was closed after the run for ${short(event.sha)} started: its late result is discarded and its image tags removed`,
    };
  }
  if (before(event.at, state.eventAt)) {
    return {
      action: 'ignore',
      reason: `${short(event.sha)} is older than ${short(state.sha)} (its run started first): the newest commit wins`,
    };
  }
  if (state.status === 'Deleted' || state.status === 'Deleting') {
    return { action: 'create', reason: `the pull request was reopened at ${short(event.sha)}` };
  }
  if (state.status === 'Failed') {
    return {
      action: 'create',
      reason: `the last attempt failed (${state.message ?? 'no reason recorded'}); trying again at ${short(event.sha)}`,
    };
  }
  if (state.sha === event.sha && state.image === event.image && state.status === 'Ready') {
    return { action: 'ignore', reason: `the preview already shows ${short(event.sha)}` };
  }
  return { action: 'update', reason: `${short(state.sha) || 'nothing'} → ${short(event.sha)}` };
}
