import { describe, expect, it } from 'vitest';
import { previewNotice } from './preview-notice.js';
import { previewRecord } from './testing-record.js';

describe('previewNotice', () => {
  it('posts the URL when the preview is ready', () => {
    expect(previewNotice(previewRecord()).text).toBe(
      ':eyes: Preview of PR #12 (cat-app) at `aaaaaaa` is ready: <http://127.0.0.1:30080/>',
    );
  });

  it('says why there is no preview', () => {
    const failed = previewRecord({ status: 'Failed', message: 'namespace "x" <refused>' });
    expect(previewNotice(failed).text).toBe(
      ':x: No preview for PR #12 (cat-app) at `aaaaaaa`: namespace "x" &lt;refused&gt;',
    );
  });
});
