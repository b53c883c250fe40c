import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../server/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, tryCommand } from '../exec/index.js';
import {
  identityRoutes,
  IdentityError,
  pipelineRunToken,
  SlipwayIssuer,
  type PipelineRunContext,
} from '../identity/index.js';
import { GitHost } from './git-host.js';

// Pushes with a pipeline run's token, for real: Slipway's issuer publishing its discovery and
// JWKS over HTTP as `slipway up` does, the host verifying against them, and git pushing.

let dir: string;
let slipway: FastifyInstance;
let slipwayUrl: string;
let issuer: SlipwayIssuer;
/** The same keys two hours ago: its tokens verify, but have expired. */
let expiredIssuer: SlipwayIssuer;
/** Another Slipway, which this host does not trust. */
let otherIssuer: SlipwayIssuer;
let host: GitHost;
let work: string;
const hostLog: string[] = [];

/** Slipway's token routes on loopback: discovery at /.well-known, keys at /jwks.json. */
async function startSlipwayIssuer(): Promise<void> {
  const port = await freePort();
  slipwayUrl = `http://127.0.0.1:${port}`;
  issuer = await SlipwayIssuer.open({ issuerUrl: slipwayUrl, stateDir: join(dir, 'slipway') });
  slipway = Fastify();
  await slipway.register(
    identityRoutes({
      issuer,
      verifySubjectToken: () => Promise.reject(new IdentityError('malformed', 'unused here')),
    }),
  );
  await slipway.listen({ host: '127.0.0.1', port });
}

const run = (overrides: Partial<PipelineRunContext> = {}): PipelineRunContext => ({
  runId: 'r1',
  repo: 'cat-app',
  pipeline: 'main',
  sha: 'abc',
  ref: 'refs/heads/main',
  event: 'push',
  timeoutSeconds: 600,
  audience: `git:${host.baseUrl}`,
  ...overrides,
});

const tokenFor = (overrides: Partial<PipelineRunContext> = {}, by = issuer): string =>
  pipelineRunToken(by, run(overrides)).accessToken;

const tokenUrl = (repo: string, token: string): string => {
  const url = new URL(host.cloneUrl(repo));
  url.username = 'x-access-token';
  url.password = token;
  return url.toString();
};

/** `git push` of the work tree's main to a new branch; its exit code and output. */
async function push(url: string, branch: string): Promise<{ code: number | null; output: string }> {
  const result = await tryCommand('git', ['-C', work, 'push', url, `main:refs/heads/${branch}`], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' },
  });
  return { code: result.code, output: result.stderr + result.stdout };
}

/** The host's answer to git's first push request, sent with `x-access-token:<token>`. */
async function pushProbe(repo: string, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${host.baseUrl}/${repo}.git/info/refs?service=git-receive-pack`, {
    headers: {
      authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    },
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-githost-token-'));
  await startSlipwayIssuer();
  expiredIssuer = await SlipwayIssuer.open({
    issuerUrl: slipwayUrl,
    stateDir: join(dir, 'slipway'),
    now: () => Date.now() - 2 * 3_600_000,
  });
  otherIssuer = await SlipwayIssuer.open({
    issuerUrl: 'http://other-slipway.test',
    stateDir: join(dir, 'other'),
  });
  host = new GitHost({
    root: join(dir, 'git'),
    user: 'dev',
    password: 'pw',
    webhooks: [],
    runTokens: { issuerUrl: slipwayUrl, pushers: { 'cat-app-config': ['pipeline:cat-app:*'] } },
    log: (line) => hostLog.push(line),
  });
  await host.start();
  await host.createRepo('cat-app-config');
  await host.createRepo('other');
  work = join(dir, 'work');
  await runCommand('git', ['init', '-q', '-b', 'main', work]);
  await writeFile(join(work, 'kustomization.yaml'), 'images: []\n');
  const git = ['-C', work, '-c', 'user.name=Dev', '-c', 'user.email=dev@cat.test'];
  await runCommand('git', [...git, 'add', '-A']);
  await runCommand('git', [...git, 'commit', '-q', '-m', 'first']);
  await runCommand('git', [...git, 'push', '-q', host.cloneUrl('cat-app-config', true), 'main']);
});

afterAll(async () => {
  await host.close();
  await slipway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GitHost with run tokens', () => {
  it('lets a pipeline run push with its own token, as x-access-token, and says who pushed', async () => {
    const token = tokenFor();
    const pushed = await push(tokenUrl('cat-app-config', token), 'bump');
    expect(pushed).toMatchObject({ code: 0 });
    expect(
      await runCommand('git', ['ls-remote', host.cloneUrl('cat-app-config'), 'refs/heads/bump']),
    ).toContain('refs/heads/bump');
    expect(hostLog).toContain(
      'push to cat-app-config by pipeline:cat-app:main (run r1) with its token',
    );
    expect(hostLog.join('\n')).not.toContain(token);
  });

  it.each([
    [
      'an expired token',
      () => tokenFor({ timeoutSeconds: 1 }, expiredIssuer),
      401,
      /^the run token was refused: the token expired at .*\na run's token lives as long as the run/,
    ],
    [
      'a token for another audience',
      () => tokenFor({ audience: 'slipway-registry' }),
      401,
      /^the run token was refused: the token is for audience "slipway-registry", not "git:http:\/\/127\.0\.0\.1:\d+"\na token for this host has audience/,
    ],
    [
      'a token from an unknown issuer',
      () => tokenFor({}, otherIssuer),
      401,
      /^the run token was refused: the token was issued by "http:\/\/other-slipway\.test", not by "http:\/\/127\.0\.0\.1:\d+"\nthis host takes run tokens from Slipway at http/,
    ],
    [
      "a workload's access token",
      () =>
        issuer.issueAccessToken({ sub: 'pipeline:cat-app:main', aud: `git:${host.baseUrl}` })
          .accessToken,
      401,
      /^the run token was refused: the token speaks for "pipeline:cat-app:main", which is not a pipeline run\n/,
    ],
    [
      'a password that is no token',
      () => 'hunter2-not-a-token',
      401,
      /^the run token was refused: the token is not a JWT: it does not have three dot-separated parts\n/,
    ],
    [
      'a run the repository does not list',
      () => tokenFor({ repo: 'dog-app' }),
      403,
      /^pipeline:dog-app:main may not push to cat-app-config\nruns that may: pipeline:cat-app:\*\n$/,
    ],
  ])('refuses %s, naming why and never the token', async (_what, make, status, message) => {
    const token = make();
    const probe = await pushProbe('cat-app-config', token);
    expect(probe.status).toBe(status);
    expect(probe.text).toMatch(message);
    expect(probe.text).not.toContain(token);
    expect(hostLog.join('\n')).not.toContain(token);
    // git shows the host's reason as "remote:" lines.
    const pushed = await push(tokenUrl('cat-app-config', token), 'refused');
    expect(pushed.code).not.toBe(0);
    expect(pushed.output).not.toContain(token);
    const reason = (probe.text.split('\n')[0] ?? '').replace(/ \(now [^)]*\)$/, '');
    expect(pushed.output).toContain(`remote: ${reason}`);
  });

  it('refuses every run on a repository no pushers entry lists', async () => {
    const probe = await pushProbe('other', tokenFor());
    expect(probe).toEqual({
      status: 403,
      text: "pipeline:cat-app:main may not push to other\nno pipeline may push to other with a token; list it in the host's pushers\n",
    });
  });

  it('keeps the API for the host user: a run token cannot open pull requests', async () => {
    const response = await fetch(`${host.baseUrl}/api/repos/cat-app-config/pulls`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`x-access-token:${tokenFor()}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ head: 'bump' }),
    });
    expect(response.status).toBe(401);
  });

  it('answers 503 when Slipway cannot be reached, and 401 to a token on a host without run tokens', async () => {
    const unreachable = new GitHost({
      root: join(dir, 'git'),
      user: 'dev',
      password: 'pw',
      webhooks: [],
      runTokens: { issuerUrl: slipwayUrl, jwksUrl: 'http://127.0.0.1:9/jwks.json' },
    });
    const plain = new GitHost({
      root: join(dir, 'git'),
      user: 'dev',
      password: 'pw',
      webhooks: [],
    });
    await unreachable.start();
    await plain.start();
    try {
      const basic = `Basic ${Buffer.from(`x-access-token:${tokenFor()}`).toString('base64')}`;
      const down = await fetch(
        `${unreachable.baseUrl}/cat-app-config.git/info/refs?service=git-receive-pack`,
        { headers: { authorization: basic } },
      );
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(
        /^cannot check the run token: cannot read the issuer's keys from http:\/\/127\.0\.0\.1:9\/jwks\.json: /,
      );
      const off = await fetch(
        `${plain.baseUrl}/cat-app-config.git/info/refs?service=git-receive-pack`,
        { headers: { authorization: basic } },
      );
      expect(off.status).toBe(401);
      expect(await off.text()).toBe("pushing needs the host's user and password\n");
    } finally {
      await unreachable.close();
      await plain.close();
    }
  });

  it("reads Slipway's keys from jwksUrl when given", async () => {
    const direct = new GitHost({
      root: join(dir, 'git'),
      user: 'dev',
      password: 'pw',
      webhooks: [],
      runTokens: {
        issuerUrl: slipwayUrl,
        jwksUrl: `${slipwayUrl}/jwks.json`,
        audience: 'slipway-git',
      },
    });
    await direct.start();
    try {
      const basic = (token: string): string =>
        `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
      const probe = await fetch(
        `${direct.baseUrl}/cat-app-config.git/info/refs?service=git-receive-pack`,
        { headers: { authorization: basic(tokenFor({ audience: 'slipway-git' })) } },
      );
      expect(probe.status).toBe(200);
    } finally {
      await direct.close();
    }
  });
});
