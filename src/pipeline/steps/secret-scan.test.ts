import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../plan/index.js';
import { findGitleaks } from './gitleaks-path.js';
import { secretScan } from './secret-scan.js';
import { testContext, type TestContext } from './testing-context.js';

// Real gitleaks on real temporary repositories. The fake credentials are assembled at run time
// so that this file is not itself a finding, and they avoid gitleaks' allowlisted examples
// (AKIAIOSFODNN7EXAMPLE and anything ending in EXAMPLE are ignored on purpose).
const awsKey = ['AK', 'IA', 'Q3ZRTW7XLPMB5KDN'].join('');
const githubToken = ['gh', 'p_', 'x9Kq2LmZ7vR4tY8wB1nC5dF3hJ6pS0aEuG2k'].join('');

const gitleaks = findGitleaks();
const suite = gitleaks === undefined ? 'SKIPPED: gitleaks is not installed' : `with ${gitleaks}`;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.test',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.test',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  }).trim();
}

function newRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'secret-scan-'));
  dirs.push(repo);
  git(repo, 'init', '-q', '-b', 'main');
  commit(repo, 'README.md', '# app\n', 'initial');
  return repo;
}

/** Writes a file, commits it and returns the commit's sha. */
function commit(repo: string, file: string, text: string, message: string): string {
  mkdirSync(dirname(join(repo, file)), { recursive: true });
  writeFileSync(join(repo, file), text);
  git(repo, 'add', file);
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

function context(repo: string, event?: TriggerEvent): TestContext {
  const base = testContext(repo, {}, { artifactsDir: `${repo}-artifacts` });
  dirs.push(base.run.artifactsDir);
  return event === undefined ? base : { ...base, run: { ...base.run, event } };
}

const pullRequest = (sha: string): TriggerEvent => ({
  kind: 'pull_request',
  ref: 'refs/pull/7/head',
  branch: 'feature',
  baseBranch: 'main',
  sha,
  pr: { number: 7, headSha: sha },
});

describe.skipIf(gitleaks === undefined)(`slipway/secret-scan ${suite}`, () => {
  it('fails naming the rule, file, line and commit of a committed AWS key, never its value', async () => {
    const repo = newRepo();
    const sha = commit(repo, 'config/prod.env', `REGION=eu\nAWS_KEY=${awsKey}\n`, 'add config');
    const ctx = context(repo);

    const result = await secretScan(ctx);

    expect(result.outcome).toBe('failure');
    expect(result.outputs?.['findings']).toBe('1');
    expect(result.message).toContain(
      `gitleaks: aws-access-token in config/prod.env:2 (commit ${sha.slice(0, 7)})`,
    );
    const report = result.artifacts?.[0]?.path ?? '';
    expect(JSON.parse(readFileSync(report, 'utf8'))).toHaveLength(1);
    for (const shown of [
      result.message ?? '',
      ctx.lines.join('\n'),
      readFileSync(report, 'utf8'),
    ]) {
      expect(shown).not.toContain(awsKey);
    }
  });

  it('passes a clean repository with a report of no findings', async () => {
    const repo = newRepo();
    commit(repo, 'src/app.py', 'print("hello")\n', 'code');

    const result = await secretScan(context(repo));

    expect(result).toMatchObject({ outcome: 'success', outputs: { findings: '0' } });
    expect(readFileSync(result.artifacts?.[0]?.path ?? '', 'utf8').trim()).toBe('[]');
  });

  it("scans only a pull request's own commits, not a leak already on its base branch", async () => {
    const repo = newRepo();
    commit(repo, 'old.env', `AWS_KEY=${awsKey}\n`, 'an old leak on main');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const clean = commit(repo, 'src/app.py', 'print("hi")\n', 'clean change');

    const pr = await secretScan(context(repo, pullRequest(clean)));
    expect(pr).toMatchObject({ outcome: 'success', outputs: { findings: '0' } });

    const push = await secretScan(context(repo));
    expect(push).toMatchObject({ outcome: 'failure', outputs: { findings: '1' } });
  });

  it('fails a pull request that adds a GitHub token, naming its commit', async () => {
    const repo = newRepo();
    git(repo, 'checkout', '-q', '-b', 'feature');
    const leak = commit(repo, 'deploy.sh', `export GH_TOKEN=${githubToken}\n`, 'deploy script');
    const head = commit(repo, 'src/app.py', 'print("hi")\n', 'more');
    const ctx = context(repo, pullRequest(head));

    const result = await secretScan(ctx);

    expect(result.outcome).toBe('failure');
    expect(result.message).toContain(
      `gitleaks: github-pat in deploy.sh:1 (commit ${leak.slice(0, 7)})`,
    );
    expect(ctx.lines.join('\n')).toContain("the pull request's commits");
    expect(`${result.message ?? ''}${ctx.lines.join('\n')}`).not.toContain(githubToken);
  });
});
