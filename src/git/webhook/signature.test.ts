import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './signature.js';
import type { GitProvider } from './webhook-event.js';

const secret = 's3cr3t-webhook-key';
const body = Buffer.from('{"ref":"refs/heads/main","after":"bbbb"}');
const tampered = Buffer.from('{"ref":"refs/heads/prod","after":"bbbb"}');
const hmac = (key: string, data: Buffer) => createHmac('sha256', key).update(data).digest('hex');
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The headers each provider sends when configured with `key`, for `data`. */
const signed: Record<GitProvider, (key: string, data: Buffer) => Record<string, string>> = {
  github: (key, data) => ({ 'x-hub-signature-256': `sha256=${hmac(key, data)}` }),
  gitea: (key, data) => ({ 'x-gitea-signature': hmac(key, data) }),
  gitlab: (key) => ({ 'x-gitlab-token': key }),
  'azure-devops': (key) => ({ authorization: basic('argo', key) }),
};

const providers = Object.keys(signed) as GitProvider[];
const headerName: Record<GitProvider, string> = {
  github: 'X-Hub-Signature-256',
  gitea: 'X-Gitea-Signature',
  gitlab: 'X-Gitlab-Token',
  'azure-devops': 'Authorization',
};

const wrongSecretReason: Record<GitProvider, string> = {
  github: 'X-Hub-Signature-256 does not match the body signed with the configured secret',
  gitea: 'X-Gitea-Signature does not match the body signed with the configured secret',
  gitlab: 'X-Gitlab-Token does not match the configured secret',
  'azure-devops': 'Authorization password does not match the configured secret',
};

describe('verifyWebhookSignature', () => {
  it.each(providers)('%s: accepts a delivery made with the configured secret', (provider) => {
    expect(verifyWebhookSignature(provider, signed[provider](secret, body), body, secret)).toEqual({
      ok: true,
    });
  });

  it.each(providers)('%s: rejects a delivery made with another secret', (provider) => {
    const check = verifyWebhookSignature(provider, signed[provider]('guess', body), body, secret);
    expect(check).toEqual({ ok: false, reason: wrongSecretReason[provider] });
  });

  it.each(['github', 'gitea'] as const)('%s: rejects a body changed after signing', (provider) => {
    const check = verifyWebhookSignature(
      provider,
      signed[provider](secret, body),
      tampered,
      secret,
    );
    expect(check).toEqual({
      ok: false,
      reason: `${headerName[provider]} does not match the body signed with the configured secret`,
    });
  });

  // A token or password proves who sent the delivery, not what it says: only TLS protects the body.
  it.each(['gitlab', 'azure-devops'] as const)(
    '%s: cannot notice a changed body, since its secret does not sign it',
    (provider) => {
      const check = verifyWebhookSignature(
        provider,
        signed[provider](secret, body),
        tampered,
        secret,
      );
      expect(check).toEqual({ ok: true });
    },
  );

  it.each(providers)('%s: rejects a delivery without the header, naming it', (provider) => {
    expect(
      verifyWebhookSignature(provider, { 'content-type': 'application/json' }, body, secret),
    ).toEqual({ ok: false, reason: `missing ${headerName[provider]} header` });
  });

  it.each(providers)('%s: refuses to check anything when no secret is configured', (provider) => {
    expect(verifyWebhookSignature(provider, signed[provider]('', body), body, '')).toEqual({
      ok: false,
      reason: 'no webhook secret configured',
    });
  });

  it.each(providers)('%s: rejects the header sent twice', (provider) => {
    const [name, value] = Object.entries(signed[provider](secret, body))[0] ?? ['', ''];
    expect(verifyWebhookSignature(provider, { [name]: [value, value] }, body, secret)).toEqual({
      ok: false,
      reason: `${headerName[provider]} header sent more than once`,
    });
  });

  it('reads header names in any case', () => {
    const headers = { 'X-Hub-Signature-256': `sha256=${hmac(secret, body)}` };
    expect(verifyWebhookSignature('github', headers, body, secret)).toEqual({ ok: true });
  });

  it.each([
    ['sha1=' + 'a'.repeat(40)],
    [hmac(secret, body)],
    [`sha256=${hmac(secret, body).slice(0, 63)}`],
    [`sha256=${hmac(secret, body)}00`],
    [`sha256=${hmac(secret, body).slice(0, 62)}zz`],
  ])('github: rejects malformed signature %s without comparing', (value) => {
    expect(
      verifyWebhookSignature('github', { 'x-hub-signature-256': value }, body, secret),
    ).toEqual({
      ok: false,
      reason: 'X-Hub-Signature-256 is not "sha256=" followed by 64 hex digits',
    });
  });

  it('github: accepts an upper-case hex digest', () => {
    const headers = { 'x-hub-signature-256': `sha256=${hmac(secret, body).toUpperCase()}` };
    expect(verifyWebhookSignature('github', headers, body, secret)).toEqual({ ok: true });
  });

  it.each(['', 's3cr3t', `${secret}x`, 'x'.repeat(500)])(
    'gitlab: rejects token %j of another length without throwing',
    (token) => {
      expect(verifyWebhookSignature('gitlab', { 'x-gitlab-token': token }, body, secret)).toEqual({
        ok: false,
        reason: 'X-Gitlab-Token does not match the configured secret',
      });
    },
  );

  it.each([
    ['Bearer abc', 'Authorization is not HTTP Basic credentials'],
    ['Basic !!!', 'Authorization is not HTTP Basic credentials'],
    [
      `Basic ${Buffer.from(secret).toString('base64')}`,
      'Authorization Basic credentials have no "user:password" pair',
    ],
  ])('azure-devops: rejects Authorization %j', (value, reason) => {
    expect(verifyWebhookSignature('azure-devops', { authorization: value }, body, secret)).toEqual({
      ok: false,
      reason,
    });
  });

  it('azure-devops: checks the password only, whatever the user name, even with ":" in it', () => {
    const withColon = 'pass:word';
    const headers = { authorization: basic('anyone', withColon) };
    expect(verifyWebhookSignature('azure-devops', headers, body, withColon)).toEqual({ ok: true });
  });
});
