import type { PreviewRecord } from './preview-record.js';

// What Slipway tells people about a preview (Slack-format: `text` is the message): where to
// reach it, or why there is none. Pure.

export type PreviewNotice = {
  readonly preview: PreviewRecord;
  readonly text: string;
};

const who = (r: PreviewRecord): string => `PR #${r.pr} (${r.app})`;
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function previewNotice(preview: PreviewRecord): PreviewNotice {
  const at = preview.sha === '' ? '' : ` at \`${preview.sha.slice(0, 7)}\``;
  const why = escape(preview.message ?? '');
  const texts: Record<PreviewRecord['status'], string> = {
    Ready: `:eyes: Preview of ${who(preview)}${at} is ready: <${preview.url ?? ''}>${why === '' ? '' : ` (${why})`}`,
    Degraded: `:warning: Preview of ${who(preview)}${at} is deployed but not ready: ${why}`,
    Failed: `:x: No preview for ${who(preview)}${at}: ${why}`,
    Creating: `:hourglass: Preview of ${who(preview)}${at} is being created`,
    Deleting: `:warning: Preview of ${who(preview)} is not fully deleted: ${why}`,
    Deleted: `:wastebasket: Preview of ${who(preview)} deleted: ${why}`,
  };
  return { preview, text: texts[preview.status] };
}
