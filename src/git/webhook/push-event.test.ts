import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { detectWebhookProvider, parsePushEvent } from './push-event.js';

const json = (payload: unknown) => Buffer.from(JSON.stringify(payload));

describe('detectWebhookProvider', () => {
  it.each([
    [{ 'x-github-event': 'push' }, json({}), 'github'],
    [{ 'X-Gitlab-Event': 'Push Hook' }, json({}), 'gitlab'],
    [
      { 'x-github-event': 'push', 'x-gogs-event': 'push', 'x-gitea-event': 'push' },
      json({}),
      'gitea',
    ],
    [{ 'x-vss-activityid': 'abc' }, Buffer.from('not json'), 'azure-devops'],
    [{}, json({ eventType: 'git.push' }), 'azure-devops'],
    [{ 'x-gogs-event': 'push' }, json({ ref: 'refs/heads/main' }), undefined],
    [{}, Buffer.from('not json'), undefined],
  ] as const)('%j with body %s → %s', (headers, body, provider) => {
    expect(detectWebhookProvider(headers, body)).toBe(provider);
  });
});

describe('parsePushEvent: unknown senders', () => {
  it('rejects a delivery it cannot attribute, saying what it looked for', () => {
    const parse = () => parsePushEvent({ 'x-event-key': 'repo:push' }, json({ push: {} }));
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(/cannot tell which Git provider sent this webhook: no X-GitHub-Event/);
  });
});
