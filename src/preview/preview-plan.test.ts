import { describe, expect, it } from 'vitest';
import { planPreview, type PreviewEvent } from './preview-plan.js';
import type { PreviewStatus } from './preview-record.js';
import { minuteOf, previewRecord } from './testing-record.js';

const t = minuteOf;
const record = previewRecord;

const pushed = (sha: string, minute: number, image = `img-${sha}`): PreviewEvent => ({
  kind: 'pushed',
  sha: sha.repeat(40).slice(0, 40),
  image,
  at: t(minute),
});
const closed = (minute: number): PreviewEvent => ({
  kind: 'closed',
  at: t(minute),
  why: 'pull request #12 closed',
});

describe('planPreview', () => {
  it('creates a preview for a first pushed image', () => {
    expect(planPreview(pushed('b', 11), undefined).action).toBe('create');
  });

  it('updates to a newer commit', () => {
    const decision = planPreview(pushed('b', 11), record());
    expect(decision).toEqual({ action: 'update', reason: 'aaaaaaaaaaaa → bbbbbbbbbbbb' });
  });

  it('ignores an older commit whose run finished after a newer one: the newest sha wins', () => {
    const state = record({ sha: 'c'.repeat(40), eventAt: t(20) });
    const decision = planPreview(pushed('b', 15), state);
    expect(decision.action).toBe('ignore');
    expect(decision.reason).toBe(
      'bbbbbbbbbbbb is older than cccccccccccc (its run started first): the newest commit wins',
    );
  });

  it('ignores the same commit and image when the preview is ready', () => {
    const state = record();
    const decision = planPreview(
      { kind: 'pushed', sha: state.sha, image: state.image, at: t(11) },
      state,
    );
    expect(decision.action).toBe('ignore');
  });

  it.each<[PreviewStatus]>([['Degraded'], ['Creating']])(
    'applies the same commit again when the preview is %s',
    (status) => {
      const state = record({ status });
      const event: PreviewEvent = { kind: 'pushed', sha: state.sha, image: state.image, at: t(11) };
      expect(planPreview(event, state).action).toBe('update');
    },
  );

  it('retries from scratch after a failure', () => {
    const decision = planPreview(
      pushed('b', 11),
      record({ status: 'Failed', message: 'namespace refused' }),
    );
    expect(decision.action).toBe('create');
    expect(decision.reason).toContain('namespace refused');
  });

  it('discards a late "open finished" for a run that started before the close', () => {
    const tombstone = record({ status: 'Deleted', closedAt: t(30), eventAt: t(30), sha: '' });
    const decision = planPreview(pushed('b', 25), tombstone);
    // Nothing is deployed; the delete only removes the tag the late run pushed.
    expect(decision.action).toBe('delete');
    expect(decision.reason).toContain('closed after the run for bbbbbbbbbbbb started');
  });

  it('creates again for a run after the pull request was reopened', () => {
    const tombstone = record({ status: 'Deleted', closedAt: t(30) });
    expect(planPreview(pushed('b', 31), tombstone).action).toBe('create');
  });

  it('deletes on close, whatever the state, so the close always wins', () => {
    expect(planPreview(closed(40), record()).action).toBe('delete');
    expect(planPreview(closed(40), record({ status: 'Creating' })).action).toBe('delete');
    const early = planPreview(closed(40), undefined);
    expect(early.action).toBe('delete');
    expect(early.reason).toContain('before any preview was made');
    expect(planPreview(closed(40), record({ status: 'Deleted' })).reason).toContain(
      'already deleted',
    );
  });
});
