import { createPublicKey, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../errors/index.js';
import { IdentityError } from './identity-error.js';
import { pipelineRunToken } from './pipeline-token.js';
import { SlipwayIssuer } from './slipway-issuer.js';

const issuerUrl = 'https://slipway.example';
const start = 1_700_000_000_000;

describe('SlipwayIssuer', () => {
  let stateDir: string;
  const clock = { t: start };
  const open = () => SlipwayIssuer.open({ issuerUrl, stateDir, now: () => clock.t });
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'slipway-identity-'));
    clock.t = start;
  });

  it('creates its key on first start, owner-only, and finds the same key on the next', async () => {
    const first = await open();
    expect((await stat(first.keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(stateDir, 'identity'))).mode & 0o777).toBe(0o700);
    const second = await open();
    expect(second.jwks()).toEqual(first.jwks());
    expect(first.jwks().keys[0]).not.toHaveProperty('d');
  });

  it('refuses a key file others may read', async () => {
    const issuer = await open();
    await chmod(issuer.keyFile, 0o644);
    await expect(open()).rejects.toThrow(StateError);
    await expect(open()).rejects.toThrow('others may read it (mode 644)');
  });

  it('refuses a key file it cannot read, naming the file', async () => {
    const issuer = await open();
    await writeFile(issuer.keyFile, '{"version":1,"keys":[]}', { mode: 0o600 });
    await expect(open()).rejects.toThrow('is not a Slipway signing-key file');
    await writeFile(issuer.keyFile, 'not json', { mode: 0o600 });
    await expect(open()).rejects.toThrow(`${issuer.keyFile} is not a Slipway signing-key file`);
  });

  it('issues ES256 tokens that verify with its published JWKS alone', async () => {
    const issuer = await open();
    const { accessToken, expiresIn } = issuer.issueAccessToken({
      sub: 'cat-app',
      aud: 'registry',
      claims: { pod: 'web-0' },
    });
    expect(expiresIn).toBe(600);
    const [h, p, s] = accessToken.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as {
      kid: string;
      alg: string;
    };
    const jwk = issuer.jwks().keys.find((k) => k['kid'] === header.kid);
    expect(header.alg).toBe('ES256');
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key: createPublicKey({ key: jwk!, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
    expect(issuer.verifyAccessToken(accessToken, { audience: 'registry' })).toMatchObject({
      iss: issuerUrl,
      sub: 'cat-app',
      aud: 'registry',
      pod: 'web-0',
      exp: start / 1000 + 600,
    });
    expect(() => issuer.verifyAccessToken(accessToken, { audience: 'git' })).toThrow('not "git"');
    expect(issuer.discoveryDocument()).toMatchObject({
      issuer: issuerUrl,
      jwks_uri: `${issuerUrl}/jwks.json`,
    });
  });

  it('refuses lifetimes over its maximum and extra claims that would override its own', async () => {
    const issuer = await open();
    expect(() => issuer.issueAccessToken({ sub: 'a', aud: 'b', ttlSeconds: 7200 })).toThrow(
      'not between 1 and 3600',
    );
    expect(() => issuer.issueAccessToken({ sub: 'a', aud: 'b', claims: { sub: 'admin' } })).toThrow(
      'may not set sub',
    );
  });

  it('keeps the previous key after rotation until its tokens expire; a replay after that fails', async () => {
    const issuer = await open();
    const { accessToken } = issuer.issueAccessToken({ sub: 'cat-app', aud: 'slipway' });
    const oldKid = issuer.jwks().keys[0]?.['kid'];
    await issuer.rotate();
    expect(issuer.jwks().keys.map((k) => k['kid'])).toContain(oldKid);
    expect(issuer.verifyAccessToken(accessToken, { audience: 'slipway' }).sub).toBe('cat-app');
    const fresh = issuer.issueAccessToken({ sub: 'cat-app', aud: 'slipway' }).accessToken;

    clock.t += 700_000; // past the token's expiry: the retained key still verifies, the time does not
    expect(() => issuer.verifyAccessToken(accessToken, { audience: 'slipway' })).toThrow(/expired/);
    clock.t += 3600_000; // past every token the old key could have signed: the key is gone
    await issuer.rotate();
    expect(issuer.jwks().keys.map((k) => k['kid'])).not.toContain(oldKid);
    const replay = (() => {
      try {
        issuer.verifyAccessToken(accessToken, { audience: 'slipway' });
      } catch (error) {
        return error as IdentityError;
      }
      return undefined;
    })();
    expect(replay?.failure).toBe('unknown_key');
    expect(replay?.message).not.toContain(accessToken);
    expect(() => issuer.verifyAccessToken(fresh, { audience: 'slipway' })).toThrow(/expired/);
    // The rotation is on disk: a restart does not bring the old key back.
    expect(await readFile(issuer.keyFile, 'utf8')).not.toContain(String(oldKid));
  });

  it('rotates only when the active key is old enough', async () => {
    const issuer = await open();
    expect(await issuer.rotateIfOlderThan(86_400)).toBe(false);
    clock.t += 86_400_000;
    expect(await issuer.rotateIfOlderThan(86_400)).toBe(true);
    expect(issuer.jwks().keys).toHaveLength(2);
  });
});

describe('pipelineRunToken', () => {
  it("names the pipeline as subject, carries the run's claims, and lives as long as the run, at most an hour", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'slipway-identity-'));
    const issuer = await SlipwayIssuer.open({ issuerUrl, stateDir, now: () => start });
    const run = {
      runId: 'r-42',
      repo: 'cats/cat-app',
      pipeline: 'build',
      sha: 'abc123',
      ref: 'refs/heads/main',
      event: 'push',
    };
    const short = pipelineRunToken(issuer, { ...run, timeoutSeconds: 900 });
    expect(short.expiresIn).toBe(900);
    expect(issuer.verifyAccessToken(short.accessToken, { audience: 'slipway' })).toMatchObject({
      sub: 'pipeline:cats/cat-app:build',
      run_id: 'r-42',
      repo: 'cats/cat-app',
      pipeline: 'build',
      sha: 'abc123',
      ref: 'refs/heads/main',
      event: 'push',
    });
    expect(pipelineRunToken(issuer, { ...run, timeoutSeconds: 6 * 3600 }).expiresIn).toBe(3600);
    expect(() => pipelineRunToken(issuer, { ...run, timeoutSeconds: 0 })).toThrow('has timeout 0s');
  });
});
