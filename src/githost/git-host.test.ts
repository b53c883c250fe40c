import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, tryCommand } from '../exec/index.js';
import { parseRepoWebhook, verifyWebhookSignature } from '../git/webhook/index.js';
import type { RepoWebhook } from '../git/webhook/index.js';
import { GitHost } from './git-host.js';

// The host for real: git over HTTP, a webhook receiver on loopback that checks each delivery's
// signature and reads it with Slipway's own GitHub parser, as `slipway up` would.

const secret = 'hook-secret';
let root: string;
let work: string;
let host: GitHost;
let receiver: Server;
const received: RepoWebhook[] = [];

async function startReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const check = verifyWebhookSignature('github', req.headers, body, secret);
      if (!check.ok) return void res.writeHead(401).end();
      const parsed = parseRepoWebhook('github', req.headers, body);
      if (!('ignored' in parsed)) received.push(parsed);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

const git = (...args: string[]): Promise<string> =>
  runCommand('git', ['-C', work, '-c', 'user.name=Dev', '-c', 'user.email=dev@cat.test', ...args]);

async function commitFile(path: string, text: string, message: string): Promise<string> {
  await writeFile(join(work, path), text);
  await git('add', '-A');
  await git('commit', '-q', '-m', message);
  return (await git('rev-parse', 'HEAD')).trim();
}

async function api(
  path: string,
  body?: unknown,
  auth = true,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${host.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth ? { authorization: `Basic ${Buffer.from('dev:pw').toString('base64')}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function settled(): Promise<void> {
  await host.idle();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'slipway-githost-'));
  work = await mkdtemp(join(tmpdir(), 'slipway-githost-work-'));
  host = new GitHost({
    root,
    user: 'dev',
    password: 'pw',
    webhooks: [{ url: await startReceiver(), secret }],
    retryDelaysMs: [50],
  });
  await host.start();
  await host.createRepo('cat-app');
  await runCommand('git', ['init', '-q', '-b', 'main', work]);
  await git('remote', 'add', 'origin', host.cloneUrl('cat-app', true));
});

afterAll(async () => {
  await host.close();
  await new Promise((r) => receiver.close(r));
  await rm(root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('GitHost', () => {
  it('a push over HTTP reaches the webhook as GitHub push Slipway reads, with the files changed', async () => {
    const sha = await commitFile('app.py', 'print("cat")\n', 'first cat');
    await git('push', '-q', 'origin', 'main');
    await settled();
    const push = received.at(-1);
    expect(push?.kind).toBe('push');
    expect(push?.repoEvent.event).toMatchObject({
      kind: 'push',
      ref: 'refs/heads/main',
      branch: 'main',
      sha,
    });
    expect(push?.repoEvent.repoUrls).toContain(host.cloneUrl('cat-app'));
    const fetched = await runCommand('git', [
      'ls-remote',
      host.cloneUrl('cat-app'),
      'refs/heads/main',
    ]);
    expect(fetched).toContain(sha);
  });

  it('refuses a push without the host user, and anonymous API writes, saying what is needed', async () => {
    const anonymous = await tryCommand(
      'git',
      ['-C', work, 'push', host.cloneUrl('cat-app'), 'main:refs/heads/other'],
      {
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
    );
    expect(anonymous.code).not.toBe(0);
    const write = await api('/api/repos/cat-app/pulls', { head: 'main' }, false);
    expect(write.status).toBe(401);
    expect(write.json['message']).toContain("needs the host's user and password");
  });

  it('opens a pull request: refs/pull/1/head, then opened, synchronize on a new push', async () => {
    await git('checkout', '-q', '-b', 'feature/FR-1206-dynamic');
    const first = await commitFile('app.py', 'print("gif cat")\n', 'gif cats');
    await git('push', '-q', 'origin', 'feature/FR-1206-dynamic');
    const opened = await api('/api/repos/cat-app/pulls', {
      head: 'feature/FR-1206-dynamic',
      base: 'main',
      title: 'Dynamic cats',
    });
    expect(opened.status).toBe(201);
    expect(opened.json).toMatchObject({ number: 1, headSha: first, state: 'open' });
    await settled();
    expect(received.at(-1)?.repoEvent.event).toMatchObject({
      kind: 'pull_request',
      action: 'opened',
      branch: 'feature/FR-1206-dynamic',
      sha: first,
      pr: { number: 1, title: 'Dynamic cats', merged: false },
    });
    expect(
      await runCommand('git', ['ls-remote', host.cloneUrl('cat-app'), 'refs/pull/1/head']),
    ).toContain(first);

    const second = await commitFile('app.py', 'print("gif cats, faster")\n', 'faster');
    await git('push', '-q', 'origin', 'feature/FR-1206-dynamic');
    await settled();
    const events = received.slice(-2).map((r) => r.repoEvent.event);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'pull_request', action: 'synchronize', sha: second }),
      ]),
    );
  });

  it('merges with a merge commit: closed+merged, then a push of main', async () => {
    const merged = await api('/api/repos/cat-app/pulls/1/merge', {});
    expect(merged.status).toBe(200);
    const mergeSha = String(merged.json['mergeCommitSha']);
    await settled();
    const [closed, push] = received.slice(-2).map((r) => r.repoEvent.event);
    expect(closed).toMatchObject({
      kind: 'pull_request',
      action: 'closed',
      pr: { number: 1, merged: true },
    });
    expect(push).toMatchObject({ kind: 'push', branch: 'main', sha: mergeSha });
    const again = await api('/api/repos/cat-app/pulls/1/merge', {});
    expect(again.status).toBe(409);
    expect(again.json['message']).toBe('pull request #1 is already closed');
  });

  it('a conflicting merge changes nothing and names the file', async () => {
    await git('fetch', '-q', 'origin');
    await git('checkout', '-q', '-b', 'left', 'origin/main');
    await commitFile('app.py', 'left\n', 'left');
    await git('push', '-q', 'origin', 'left');
    await git('checkout', '-q', '-b', 'right', 'origin/main');
    await commitFile('app.py', 'right\n', 'right');
    await git('push', '-q', 'origin', 'right');
    const left = await api('/api/repos/cat-app/pulls', { head: 'left' });
    const right = await api('/api/repos/cat-app/pulls', { head: 'right' });
    expect(
      (await api(`/api/repos/cat-app/pulls/${String(left.json['number'])}/merge`, {})).status,
    ).toBe(200);
    const mainBefore = await runCommand('git', [
      'ls-remote',
      host.cloneUrl('cat-app'),
      'refs/heads/main',
    ]);
    const conflict = await api(
      `/api/repos/cat-app/pulls/${String(right.json['number'])}/merge`,
      {},
    );
    expect(conflict.status).toBe(409);
    expect(conflict.json['message']).toContain('conflicts with main in app.py');
    expect(
      await runCommand('git', ['ls-remote', host.cloneUrl('cat-app'), 'refs/heads/main']),
    ).toBe(mainBefore);
  });

  it.each([
    [
      '/api/repos/cat-app/pulls',
      { head: 'no-such-branch' },
      400,
      'head "no-such-branch" is not a branch of this repository',
    ],
    [
      '/api/repos/cat-app/pulls',
      { base: 'main' },
      400,
      'request field "head" must be a branch name, got undefined',
    ],
    ['/api/repos/../pulls', { head: 'main' }, 404, 'no API at /api/pulls'],
    ['/api/repos/Bad_Name', {}, 400, 'repository name "Bad_Name" is not allowed'],
    ['/api/repos/nowhere/pulls', { head: 'main' }, 404, 'no repository "nowhere" on this host'],
  ])('POST %s %j answers %i: %s', async (path, body, status, message) => {
    const answer = await api(path, body);
    expect(answer.status).toBe(status);
    expect(answer.json['message']).toBe(message);
  });
});
