import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../exec/index.js';
import { GitHost } from '../../githost/index.js';
import { pipelineRunToken, SlipwayIssuer } from '../../identity/index.js';
import type { StepContext } from '../run/step-action.js';
import { gitTokenEnv, runTokenVariable, takesRunToken } from './git-run-token.js';
import { gitopsBump } from './gitops-bump.js';
import { testContext, type TestContext } from './testing-context.js';

// gitops-bump pushing to a Git host that takes Slipway's run tokens: the run's own token when the
// URL carries no credentials, the URL's credentials when it does, and the reason when refused.

const web = '127.0.0.1:5000/shop/web';
const digest = `sha256:${'c'.repeat(64)}`;
const kustomization = `images:\n  - name: ${web}\n    newTag: "1.0"\n`;

let dir: string;
let issuer: SlipwayIssuer;
let host: GitHost;
let strictHost: GitHost;
const hostLog: string[] = [];
const minted: string[] = [];

const bump = gitopsBump({ retryDelaysMs: [] });

/** The runner's minter: `pipeline:cat-app:release` tokens for the audience asked. */
function mint(audience: string): string {
  const token = pipelineRunToken(issuer, {
    runId: '42',
    repo: 'cat-app',
    pipeline: 'release',
    sha: 'abc',
    ref: 'refs/heads/main',
    event: 'push',
    timeoutSeconds: 600,
    audience,
  }).accessToken;
  minted.push(token);
  return token;
}

function withToken(
  context: TestContext,
  identityToken: StepContext['run']['identityToken'] = mint,
): TestContext {
  return { ...context, run: { ...context.run, identityToken } };
}

const inputs = (repo: string): Record<string, string> => ({
  repo,
  path: 'kustomization.yaml',
  image: web,
  digest,
  mode: 'kustomize',
});

const publishedBy = (of: SlipwayIssuer) => (url: string) =>
  Promise.resolve(url.endsWith('/jwks.json') ? of.jwks() : of.discoveryDocument());

/** A config repository on `target` with the kustomization on main; its plain clone URL. */
async function seed(target: GitHost, name: string): Promise<string> {
  await target.createRepo(name);
  const work = join(dir, `seed-${name}`);
  await runCommand('git', ['init', '-q', '-b', 'main', work]);
  await writeFile(join(work, 'kustomization.yaml'), kustomization);
  const git = ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t'];
  await runCommand('git', [...git, 'add', '-A']);
  await runCommand('git', [...git, 'commit', '-q', '-m', 'seed']);
  await runCommand('git', [...git, 'push', '-q', target.cloneUrl(name, true), 'main']);
  return target.cloneUrl(name);
}

/** The kustomization on main, as the host serves it. */
async function fileOnMain(url: string): Promise<string> {
  const check = await mkdtemp(join(dir, 'check-'));
  await runCommand('git', ['clone', '-q', '--depth', '1', url, check]);
  return readFile(join(check, 'kustomization.yaml'), 'utf8');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-bump-token-'));
  issuer = await SlipwayIssuer.open({ issuerUrl: 'http://slipway.test', stateDir: dir });
  const runTokens = { issuerUrl: issuer.issuerUrl, fetchJson: publishedBy(issuer) };
  host = new GitHost({
    root: join(dir, 'git'),
    user: 'dev',
    password: 'pw',
    webhooks: [],
    runTokens,
    log: (line) => hostLog.push(line),
  });
  // Takes tokens for another audience only: every run token of ours is refused.
  strictHost = new GitHost({
    root: join(dir, 'strict'),
    user: 'dev',
    password: 'pw',
    webhooks: [],
    runTokens: { ...runTokens, audience: 'git:https://elsewhere.example' },
  });
  await host.start();
  await strictHost.start();
});

afterAll(async () => {
  await host.close();
  await strictHost.close();
  await rm(dir, { recursive: true, force: true });
});

describe('slipway/gitops-bump with the run token', () => {
  it("pushes with the run's own token when the URL has no credentials, and never shows it", async () => {
    const url = await seed(host, 'config-a');
    const context = withToken(testContext(tmpdir(), inputs(url)));
    const result = await bump(context);
    expect(result).toMatchObject({ outcome: 'success', outputs: { changed: 'true' } });
    expect(await fileOnMain(url)).toContain(`digest: ${digest}`);
    expect(hostLog).toContain(
      'push to config-a by pipeline:cat-app:release (run 42) with its token',
    );
    expect(context.lines).toContain(
      `gitops-bump: authenticating to ${host.baseUrl} as pipeline:cat-app:release with the run's own token`,
    );
    const token = minted.at(-1) ?? '';
    expect(token).not.toBe('');
    expect(decodeAudience(token)).toBe(`git:${host.baseUrl}`);
    expect(context.lines.join('\n')).not.toContain(token);
  });

  it('uses the credentials in the URL when it has some, and mints no token', async () => {
    const plain = await seed(host, 'config-b');
    const url = host.cloneUrl('config-b', true);
    let asked = 0;
    const context = withToken(testContext(tmpdir(), inputs(url)), (audience) => {
      asked += 1;
      return mint(audience);
    });
    expect((await bump(context)).outcome).toBe('success');
    expect(asked).toBe(0);
    expect(await fileOnMain(plain)).toContain(`digest: ${digest}`);
  });

  it("says why the host refused the run's token, and which identity and audience it used", async () => {
    const url = await seed(strictHost, 'config-c');
    const context = withToken(testContext(tmpdir(), inputs(url)));
    const result = await bump(context);
    expect(result.outcome).toBe('failure');
    expect(result.message).toContain(
      `remote: the run token was refused: the token is for audience "git:${strictHost.baseUrl}", not "git:https://elsewhere.example"`,
    );
    expect(result.message).toContain(
      `(pushed as pipeline:cat-app:release with the run's token for audience git:${strictHost.baseUrl}: the Git host must accept Slipway's run tokens and let this pipeline push)`,
    );
    expect(result.message).not.toContain(minted.at(-1) ?? '');
  });

  it('without a token (workload identity off), pushes as before and says there was none', async () => {
    const url = await seed(host, 'config-d');
    const off = (): string => {
      throw new Error('this run has no identity token: workload identity is off');
    };
    const context = withToken(testContext(tmpdir(), inputs(url)), off);
    const result = await bump(context);
    expect(context.lines).toContain(
      `gitops-bump: no run token (this run has no identity token: workload identity is off); pushing to ${url} without credentials`,
    );
    expect(result.outcome).toBe('failure');
    expect(result.message).toContain('gitops-bump: push to');
    expect(result.message).not.toContain('pushed as');
  });
});

describe('takesRunToken', () => {
  it.each([
    ['http://127.0.0.1:7481/cat-app-config.git', true],
    ['https://git.example/cats/config.git', true],
    ['https://user:pw@git.example/cats/config.git', false],
    ['https://x-access-token@git.example/cats/config.git', false],
    ['git@git.example:cats/config.git', false],
    ['ssh://git@git.example/cats/config.git', false],
    ['/srv/git/config.git', false],
  ])('%s → %s', (url, expected) => {
    expect(takesRunToken(url)).toBe(expected);
  });
});

describe('gitTokenEnv', () => {
  it('puts the token in one variable only, and the helper after what the runner already set', () => {
    const env = gitTokenEnv('https://git.example/cats/config.git', 'tok.en.sig', {
      GIT_CONFIG_COUNT: '1',
    });
    expect(env).toEqual({
      GIT_CONFIG_KEY_1: 'credential.helper',
      GIT_CONFIG_VALUE_1: '',
      GIT_CONFIG_KEY_2: 'credential.https://git.example.helper',
      GIT_CONFIG_VALUE_2: expect.stringContaining(`"$${runTokenVariable}"`) as unknown,
      GIT_CONFIG_COUNT: '3',
      [runTokenVariable]: 'tok.en.sig',
    });
    const holding = Object.entries(env).filter(([, value]) => value.includes('tok.en.sig'));
    expect(holding.map(([name]) => name)).toEqual([runTokenVariable]);
  });
});

function decodeAudience(token: string): unknown {
  return (
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      aud?: unknown;
    }
  ).aud;
}
