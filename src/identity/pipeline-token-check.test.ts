import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityError } from './identity-error.js';
import { OidcKeySet } from './oidc-keys.js';
import { pipelineRunOf, verifyPipelineRunToken } from './pipeline-token-check.js';
import { gitPushAudience, pipelineRunToken } from './pipeline-token.js';
import { SlipwayIssuer } from './slipway-issuer.js';

const issuerUrl = 'http://slipway.test';
const audience = 'git:http://git.test';
const start = 1_700_000_000_000;
const clock = { t: start };
let dirs: string[] = [];
let issuer: SlipwayIssuer;

/** Slipway's published documents, read the way a Git host reads them (discovery, then JWKS). */
function keysOf(of: SlipwayIssuer, fetched: string[] = [], jwksUrl?: string): OidcKeySet {
  return new OidcKeySet({
    issuerUrl: of.issuerUrl,
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    now: () => clock.t,
    fetchJson: (url) => {
      fetched.push(url);
      if (url === `${of.issuerUrl}/.well-known/openid-configuration`) {
        return Promise.resolve(of.discoveryDocument());
      }
      if (url === `${of.issuerUrl}/jwks.json`) return Promise.resolve(of.jwks());
      return Promise.reject(new Error(`GET ${url}: HTTP 404`));
    },
  });
}

const runToken = (overrides: { audience?: string; timeoutSeconds?: number } = {}): string =>
  pipelineRunToken(issuer, {
    runId: 'r7',
    repo: 'cats/cat-app',
    pipeline: 'main',
    sha: 'abc123',
    ref: 'refs/heads/main',
    event: 'push',
    timeoutSeconds: overrides.timeoutSeconds ?? 600,
    audience: overrides.audience ?? audience,
  }).accessToken;

async function refusal(token: string, keys = keysOf(issuer)): Promise<IdentityError> {
  const error = await verifyPipelineRunToken(token, {
    keys,
    audience,
    now: () => clock.t,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IdentityError);
  expect((error as Error).message).not.toContain(token);
  return error as IdentityError;
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-run-token-check-'));
  dirs.push(dir);
  issuer = await SlipwayIssuer.open({ issuerUrl, stateDir: dir, now: () => clock.t });
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  dirs = [];
});

describe('verifyPipelineRunToken', () => {
  it("takes a run's token and says which run it is", async () => {
    const run = await verifyPipelineRunToken(runToken(), {
      keys: keysOf(issuer),
      audience,
      now: () => clock.t,
    });
    expect(run).toEqual({
      subject: 'pipeline:cats/cat-app:main',
      runId: 'r7',
      repo: 'cats/cat-app',
      pipeline: 'main',
      ref: 'refs/heads/main',
      sha: 'abc123',
    });
  });

  it('reads the JWKS straight from jwksUrl when given, without discovery', async () => {
    const fetched: string[] = [];
    const keys = keysOf(issuer, fetched, `${issuerUrl}/jwks.json`);
    await verifyPipelineRunToken(runToken(), { keys, audience, now: () => clock.t });
    expect(fetched).toEqual([`${issuerUrl}/jwks.json`]);
  });

  it('refuses an expired token, saying when it expired', async () => {
    const token = runToken({ timeoutSeconds: 60 });
    clock.t = start + 120_000;
    try {
      const error = await refusal(token);
      expect(error.failure).toBe('expired');
      expect(error.message).toMatch(/^the token expired at 2023-11-14T22:14:20.000Z/);
    } finally {
      clock.t = start;
    }
  });

  it('refuses a token for another audience, naming both', async () => {
    const error = await refusal(runToken({ audience: 'slipway-registry' }));
    expect(error.failure).toBe('wrong_audience');
    expect(error.message).toBe(
      'the token is for audience "slipway-registry", not "git:http://git.test"',
    );
  });

  it("refuses another Slipway's token as an unknown issuer", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-run-token-other-'));
    dirs.push(dir);
    const other = await SlipwayIssuer.open({
      issuerUrl: 'http://other.test',
      stateDir: dir,
      now: () => clock.t,
    });
    const token = pipelineRunToken(other, {
      runId: 'r1',
      repo: 'cats/cat-app',
      pipeline: 'main',
      sha: 'abc',
      ref: 'refs/heads/main',
      event: 'push',
      timeoutSeconds: 600,
      audience,
    }).accessToken;
    const error = await refusal(token);
    expect(error.failure).toBe('wrong_issuer');
    expect(error.message).toBe(
      'the token was issued by "http://other.test", not by "http://slipway.test"',
    );
    expect(error.hint).toContain('issued by Slipway at http://slipway.test');
  });

  it('refuses a token signed with a key the issuer does not publish', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-run-token-forged-'));
    dirs.push(dir);
    // Same issuer URL, other keys: a forgery by someone who knows the URL.
    const forger = await SlipwayIssuer.open({ issuerUrl, stateDir: dir, now: () => clock.t });
    const token = pipelineRunToken(forger, {
      runId: 'r1',
      repo: 'cats/cat-app',
      pipeline: 'main',
      sha: 'abc',
      ref: 'refs/heads/main',
      event: 'push',
      timeoutSeconds: 600,
      audience,
    }).accessToken;
    expect((await refusal(token)).failure).toBe('unknown_key');
  });

  it("refuses a workload's access token, whatever its sub says", async () => {
    const workload = issuer.issueAccessToken({ sub: 'pipeline:cats/cat-app:main', aud: audience });
    const error = await refusal(workload.accessToken);
    expect(error.failure).toBe('not_pipeline_run');
    expect(error.message).toBe(
      'the token speaks for "pipeline:cats/cat-app:main", which is not a pipeline run',
    );
  });

  it('says the issuer cannot be read rather than calling the token bad', async () => {
    const keys = new OidcKeySet({
      issuerUrl,
      fetchJson: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7480')),
    });
    const error = await refusal(runToken(), keys);
    expect(error.failure).toBe('unavailable');
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('pipelineRunOf', () => {
  it.each([
    [{ sub: 'pipeline:a:b', run_id: 'r', repo: 'a', pipeline: 'b' }, 'pipeline:a:b'],
    [{ sub: 'pipeline:a:c', run_id: 'r', repo: 'a', pipeline: 'b' }, undefined],
    [{ sub: 'pipeline:a:b', repo: 'a', pipeline: 'b' }, undefined],
    [{ sub: 'pipeline:a:b', run_id: 'r', repo: 'a', pipeline: 7 }, undefined],
  ])('%j → %s', (claims, subject) => {
    expect(pipelineRunOf(claims)?.subject).toBe(subject);
  });
});

describe('gitPushAudience', () => {
  it.each([
    ['https://git.example/cats/config.git', 'git:https://git.example'],
    ['http://127.0.0.1:7481/cat-app-config.git', 'git:http://127.0.0.1:7481'],
    ['https://user:pw@Git.Example:443/x.git', 'git:https://git.example'],
  ])('%s → %s', (url, expected) => {
    expect(gitPushAudience(url)).toBe(expected);
  });
});
