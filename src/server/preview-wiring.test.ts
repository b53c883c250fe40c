import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { previewNotice } from '../preview/index.js';
import { previewRecord } from '../preview/testing-record.js';
import { previewTargets, slackNotifier } from './preview-wiring.js';

const log = pino({ level: 'silent' });
const preview = { app: 'cat-app', config: { repoURL: 'https://git.example/config.git' } };

describe('previewTargets', () => {
  it('makes one target per repository with a preview', () => {
    const targets = previewTargets([
      { url: 'https://git.example/cat-app.git', preview: { ...preview, project: 'pets' } },
      { url: 'https://git.example/dog-app.git' },
    ]);
    expect(targets).toEqual([
      {
        app: 'cat-app',
        repo: 'https://git.example/cat-app.git',
        config: preview.config,
        project: 'pets',
      },
    ]);
  });
});

describe('slackNotifier', () => {
  it("posts the notice to the repository's SLACK_WEBHOOK_URL, and only logs without one", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-preview-'));
    const secretsFile = join(dir, 'cat.env');
    await writeFile(secretsFile, 'SLACK_WEBHOOK_URL=https://hooks.example/T1\n');
    const posted: [string, { text: string }][] = [];
    const notify = slackNotifier(
      [{ url: 'https://git.example/cat-app.git', secretsFile, preview }],
      log,
      (url, body) => Promise.resolve(void posted.push([url, body])),
    );
    const notice = previewNotice(previewRecord());
    await notify(notice);
    await notify(previewNotice(previewRecord({ repo: 'https://git.example/other.git' })));
    expect(posted).toEqual([['https://hooks.example/T1', { text: notice.text }]]);
  });
});
