import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJwt, SlipwayIssuer } from '../identity/index.js';
import { runTokenMinter, runTokenRepo } from './run-token-wiring.js';

describe('runTokenRepo', () => {
  it.each([
    ['https://git.example/Cats/cat-app.git', 'cats/cat-app'],
    ['git@git.example:cats/cat-app.git', 'cats/cat-app'],
    ['ssh://git@git.example:2222/cats/cat-app', 'cats/cat-app'],
    ['/srv/git/cat-app', 'srv/git/cat-app'],
  ])('%s → %s', (url, repo) => {
    expect(runTokenRepo(url)).toBe(repo);
  });
});

describe('runTokenMinter', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-run-token-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
  const request = {
    runId: 'r1',
    repo: 'https://git.example/cats/cat-app.git',
    pipeline: 'release',
    event: { kind: 'push' as const, ref: 'refs/heads/main', sha: 'abc' },
    audience: 'slipway-registry',
  };

  it('says why a run has no token before workload identity is up', () => {
    expect(() => runTokenMinter().identityToken(request)).toThrow(
      'this run has no identity token: workload identity is off',
    );
  });

  it("mints the run's pipeline token for the audience asked", async () => {
    const minter = runTokenMinter();
    minter.useIssuer(await SlipwayIssuer.open({ issuerUrl: 'http://slipway.test', stateDir }));
    const claims = decodeJwt(minter.identityToken(request)).claims;
    expect(claims).toMatchObject({
      sub: 'pipeline:cats/cat-app:release',
      aud: 'slipway-registry',
      run_id: 'r1',
      repo: 'cats/cat-app',
      pipeline: 'release',
      sha: 'abc',
      ref: 'refs/heads/main',
      event: 'push',
    });
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(3600);
  });
});
