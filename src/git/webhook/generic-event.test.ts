import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseGenericEvent, verifyGenericSignature } from './generic-event.js';

const sha = 'c'.repeat(40);
const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
const repoUrl = 'https://git.example.com/acme/cat-app.git';

describe('parseGenericEvent', () => {
  it('reads a push', () => {
    expect(
      parseGenericEvent(body({ repoUrl, event: 'push', ref: 'refs/heads/main', sha })),
    ).toEqual({
      source: 'generic',
      repoUrls: [repoUrl],
      event: { kind: 'push', ref: 'refs/heads/main', sha },
    });
  });

  it('reads a pull request, its head branch from the ref when not given', () => {
    const payload = {
      repoUrl,
      event: 'pull_request',
      action: 'synchronize',
      ref: 'refs/heads/purr',
      baseBranch: 'main',
      sha: sha.toUpperCase(),
      pr: { number: 3, title: 'Purr' },
    };
    expect(parseGenericEvent(body(payload)).event).toEqual({
      kind: 'pull_request',
      action: 'synchronize',
      ref: 'refs/heads/purr',
      branch: 'purr',
      baseBranch: 'main',
      sha,
      pr: { number: 3, title: 'Purr', merged: false, headSha: sha },
    });
  });

  it.each([
    [{ event: 'push', ref: 'refs/heads/main', sha }, 'generic webhook payload: repoUrl: Required'],
    [
      { repoUrl, event: 'tag', ref: 'refs/heads/main', sha },
      "generic webhook payload: event: Invalid enum value. Expected 'push' | 'pull_request', received 'tag'",
    ],
    [
      { repoUrl, event: 'push', ref: 'refs/heads/main', sha: 'abc' },
      'generic webhook payload: sha: must be a full commit sha',
    ],
    [
      { repoUrl, event: 'pull_request', action: 'labeled', ref: 'r', sha, pr: { number: 1 } },
      'generic webhook payload: action "labeled" is not one of opened, synchronize, reopened, closed',
    ],
    [
      { repoUrl, event: 'pull_request', ref: 'r', sha },
      'generic webhook payload: pr is missing (a pull_request event needs pr.number)',
    ],
  ])('names what is wrong with %j', (payload, message) => {
    expect(() => parseGenericEvent(body(payload))).toThrow(message);
  });

  it('rejects malformed JSON', () => {
    expect(() => parseGenericEvent(Buffer.from('{'))).toThrow(
      /^generic webhook body is not valid JSON/,
    );
  });
});

describe('verifyGenericSignature', () => {
  const raw = body({ repoUrl, event: 'push', ref: 'refs/heads/main', sha });
  const signed = `sha256=${createHmac('sha256', 'k').update(raw).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the body in X-Slipway-Signature', () => {
    expect(verifyGenericSignature({ 'x-slipway-signature': signed }, raw, 'k')).toEqual({
      ok: true,
    });
  });

  it.each([
    [{}, 'missing X-Slipway-Signature header'],
    [
      { 'x-slipway-signature': 'abc' },
      'X-Slipway-Signature is not "sha256=" followed by 64 hex digits',
    ],
    [
      { 'x-slipway-signature': `sha256=${'0'.repeat(64)}` },
      'X-Slipway-Signature does not match the body signed with the configured secret',
    ],
    [{ 'x-slipway-signature': [signed, signed] }, 'X-Slipway-Signature header sent more than once'],
  ])('refuses %j', (headers, reason) => {
    expect(verifyGenericSignature(headers, raw, 'k')).toEqual({ ok: false, reason });
  });
});
