import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import { runCommand } from '../exec/index.js';
import { KeyLock } from '../waiting/index.js';
import {
  pullRequestPayload,
  pushPayload,
  type HostedRepo,
  type PullRequestState,
} from './github-payloads.js';
import { serveGitHttpBackend } from './http-backend.js';
import { parseBasicAuth } from '../auth/basic-auth.js';
import { HttpError, sendError } from './http-error.js';
import { branchSha, mergeBranches, readPulls, setPullRef, writePulls } from './pull-requests.js';
import { commitsOf, readBranches, refChanges, type RefSnapshot } from './ref-changes.js';
import { RunTokenGate, runTokenUser, type RunTokenTrust } from './run-token-push.js';
import { WebhookSender, type Delivery, type WebhookTarget } from './webhook-delivery.js';

// A small Git host on loopback: repositories over smart HTTP (anyone may fetch, pushes need the
// host's user, or a Slipway pipeline run's own token when `runTokens` is set), pull requests
// opened, merged and closed through a JSON API, and GitHub-format webhooks for every push and
// pull request — what Slipway would get from GitHub or Gitea.

export type GitHostOptions = {
  readonly root: string;
  readonly host?: string;
  /** 0 (the default) lets the system choose. */
  readonly port?: number;
  readonly owner?: string;
  /** The one account that may push and use the API (HTTP Basic). */
  readonly user: string;
  readonly password: string;
  readonly webhooks: readonly WebhookTarget[];
  readonly retryDelaysMs?: readonly number[];
  readonly onDelivery?: (delivery: Delivery) => void;
  /**
   * Lets pipeline runs push with their own Slipway token as the password of `x-access-token`
   * (never the API); only the host's user may push when absent.
   */
  readonly runTokens?: RunTokenTrust;
  /** Pushes by token and every refused push, one line each (never a credential). */
  readonly log?: (line: string) => void;
};

const repoName = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const gitPath = /^\/([^/]+)\.git(\/.*)?$/;

export class GitHost {
  private server: Server | undefined;
  private runTokenGate: RunTokenGate | undefined;
  private readonly lock = new KeyLock();
  readonly webhooks: WebhookSender;
  baseUrl = '';

  constructor(private readonly options: GitHostOptions) {
    this.webhooks = new WebhookSender({
      targets: options.webhooks,
      ...(options.retryDelaysMs === undefined ? {} : { retryDelaysMs: options.retryDelaysMs }),
      ...(options.onDelivery === undefined ? {} : { onDelivery: options.onDelivery }),
    });
  }

  async start(): Promise<string> {
    await mkdir(this.options.root, { recursive: true });
    const server = createServer((req, res) => void this.handle(req, res));
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, resolve);
    });
    this.server = server;
    this.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
    if (this.options.runTokens !== undefined) {
      this.runTokenGate = new RunTokenGate(this.options.runTokens, this.baseUrl);
    }
    return this.baseUrl;
  }

  /** `<base>/<name>.git`, with the host's credentials when `withCredentials`. */
  cloneUrl(name: string, withCredentials = false): string {
    if (!withCredentials) return `${this.baseUrl}/${name}.git`;
    const url = new URL(`${this.baseUrl}/${name}.git`);
    url.username = encodeURIComponent(this.options.user);
    url.password = encodeURIComponent(this.options.password);
    return url.toString();
  }

  /** Resolves once every push and pull request under way has been handled and announced. */
  async idle(): Promise<void> {
    await this.lock.idle();
    await this.webhooks.idle();
  }

  async close(): Promise<void> {
    await this.idle();
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private repo(name: string): HostedRepo {
    return { name, baseUrl: this.baseUrl, owner: this.options.owner ?? 'demo' };
  }

  private gitDir(name: string): string {
    if (!repoName.test(name)) {
      throw new HttpError(
        400,
        `repository name "${name}" is not allowed`,
        'use lowercase letters, digits, ".", "_" and "-"',
      );
    }
    return join(this.options.root, `${name}.git`);
  }

  private existingGitDir(name: string): string {
    const dir = this.gitDir(name);
    if (!existsSync(dir)) throw new HttpError(404, `no repository "${name}" on this host`);
    return dir;
  }

  /** The host's user when the request carries its password. */
  private authorized(req: IncomingMessage): string | undefined {
    const given = parseBasicAuth(req.headers.authorization);
    return given?.username === this.options.user && given.password === this.options.password
      ? given.username
      : undefined;
  }

  /** Who pushes to `name`: the host's user, or the run a token speaks for; else an HttpError. */
  private async pusher(req: IncomingMessage, name: string): Promise<string> {
    const user = this.authorized(req);
    if (user !== undefined) return user;
    const given = parseBasicAuth(req.headers.authorization);
    const gate = this.runTokenGate;
    if (gate !== undefined && given?.username === runTokenUser) {
      try {
        const run = await gate.pusher(name, given.password);
        if (req.method === 'POST') {
          this.options.log?.(`push to ${name} by ${run.subject} (run ${run.runId}) with its token`);
        }
        return run.subject;
      } catch (error) {
        if (error instanceof HttpError)
          this.options.log?.(`refused a push to ${name}: ${error.message}`);
        throw error;
      }
    }
    throw new HttpError(
      401,
      gate === undefined
        ? "pushing needs the host's user and password"
        : `pushing needs the host's user and password, or a Slipway run token as the password of ${runTokenUser}`,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const git = gitPath.exec(url.pathname);
    try {
      if (git !== null) return await this.serveGit(req, res, git[1] ?? '', url);
      if (url.pathname.startsWith('/api/')) return await this.serveApi(req, res, url);
      throw new HttpError(404, `nothing at ${url.pathname}`);
    } catch (error) {
      req.resume();
      sendError(res, error, git !== null);
    }
  }

  private async serveGit(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    url: URL,
  ): Promise<void> {
    const gitDir = this.existingGitDir(name);
    const push =
      url.pathname.endsWith('/git-receive-pack') ||
      url.searchParams.get('service') === 'git-receive-pack';
    const user = push ? await this.pusher(req, name) : this.authorized(req);
    if (!(req.method === 'POST' && url.pathname.endsWith('/git-receive-pack'))) {
      await serveGitHttpBackend(req, res, this.options.root, user);
      return;
    }
    await this.lock.run(name, async () => {
      const before = await readBranches(gitDir);
      await serveGitHttpBackend(req, res, this.options.root, user);
      await this.announce(name, gitDir, before, user ?? this.options.user);
    });
  }

  /** Sends a push webhook per moved branch and `synchronize` for the pull requests it heads. */
  private async announce(
    name: string,
    gitDir: string,
    before: RefSnapshot,
    pusher: string,
  ): Promise<void> {
    const changes = refChanges(before, await readBranches(gitDir));
    const repo = this.repo(name);
    for (const change of changes) {
      const commits = await commitsOf(gitDir, change);
      void this.webhooks.send('push', pushPayload({ repo, ...change, commits, pusher }));
    }
    const pulls = await readPulls(gitDir);
    let touched = false;
    const next = await Promise.all(
      pulls.map(async (pr) => {
        const change = changes.find((c) => c.ref === `refs/heads/${pr.head}`);
        if (pr.state !== 'open' || change === undefined || change.after === pr.headSha) return pr;
        touched = true;
        const updated = { ...pr, headSha: change.after };
        await setPullRef(gitDir, pr.number, change.after);
        void this.webhooks.send(
          'pull_request',
          pullRequestPayload({ repo, action: 'synchronize', pr: updated, sender: pusher }),
        );
        return updated;
      }),
    );
    if (touched) await writePulls(gitDir, next);
  }

  private async serveApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .slice(1);
    const user = this.authorized(req);
    if (req.method !== 'GET' && user === undefined) {
      throw new HttpError(401, "this API needs the host's user and password (HTTP Basic)");
    }
    const body = req.method === 'POST' ? await readJson(req) : {};
    const reply = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const [resource, name, sub, numberText, action] = parts;
    if (resource !== 'repos' || name === undefined)
      throw new HttpError(404, `no API at ${url.pathname}`);
    if (sub === undefined && req.method === 'POST') return reply(201, await this.createRepo(name));
    if (sub !== 'pulls') throw new HttpError(404, `no API at ${url.pathname}`);
    const gitDir = this.existingGitDir(name);
    if (numberText === undefined) {
      if (req.method === 'GET') return reply(200, await readPulls(gitDir));
      return reply(
        201,
        await this.lock.run(name, () => this.openPull(name, gitDir, body, user ?? '')),
      );
    }
    const number = Number(numberText);
    if (req.method === 'GET' && action === undefined)
      return reply(200, await findPull(gitDir, number));
    if (req.method === 'POST' && (action === 'merge' || action === 'close')) {
      return reply(
        200,
        await this.lock.run(name, () =>
          this.closePull(name, gitDir, number, action === 'merge', user ?? ''),
        ),
      );
    }
    throw new HttpError(404, `no API at ${req.method ?? ''} ${url.pathname}`);
  }

  async createRepo(name: string): Promise<{ name: string; cloneUrl: string }> {
    const gitDir = this.gitDir(name);
    if (existsSync(gitDir)) throw new HttpError(409, `repository "${name}" already exists`);
    await runCommand('git', ['init', '-q', '--bare', '-b', 'main', gitDir]);
    return { name, cloneUrl: this.cloneUrl(name) };
  }

  private async openPull(
    name: string,
    gitDir: string,
    body: Record<string, unknown>,
    sender: string,
  ): Promise<PullRequestState> {
    const head = stringField(body, 'head');
    const base = typeof body['base'] === 'string' ? body['base'] : 'main';
    const title = typeof body['title'] === 'string' ? body['title'] : head;
    const pulls = await readPulls(gitDir);
    const open = pulls.find((p) => p.state === 'open' && p.head === head && p.base === base);
    if (open !== undefined)
      throw new HttpError(
        409,
        `pull request #${open.number} already proposes ${head} into ${base}`,
      );
    const pr: PullRequestState = {
      number: pulls.reduce((max, p) => Math.max(max, p.number), 0) + 1,
      title,
      head,
      base,
      headSha: await branchSha(gitDir, head, 'head'),
      baseSha: await branchSha(gitDir, base, 'base'),
      state: 'open',
      merged: false,
      mergeCommitSha: null,
      createdAt: new Date().toISOString(),
      closedAt: null,
    };
    await setPullRef(gitDir, pr.number, pr.headSha);
    await writePulls(gitDir, [...pulls, pr]);
    void this.webhooks.send(
      'pull_request',
      pullRequestPayload({ repo: this.repo(name), action: 'opened', pr, sender }),
    );
    return pr;
  }

  private async closePull(
    name: string,
    gitDir: string,
    number: number,
    merge: boolean,
    sender: string,
  ): Promise<PullRequestState> {
    const pulls = await readPulls(gitDir);
    const pr = await findPull(gitDir, number);
    if (pr.state !== 'open') throw new HttpError(409, `pull request #${number} is already closed`);
    const before = await readBranches(gitDir);
    const mergeCommitSha = merge ? await mergeBranches(gitDir, pr, sender) : null;
    const closed: PullRequestState = {
      ...pr,
      state: 'closed',
      merged: merge,
      mergeCommitSha,
      closedAt: new Date().toISOString(),
    };
    await writePulls(
      gitDir,
      pulls.map((p) => (p.number === number ? closed : p)),
    );
    void this.webhooks.send(
      'pull_request',
      pullRequestPayload({ repo: this.repo(name), action: 'closed', pr: closed, sender }),
    );
    if (merge) await this.announce(name, gitDir, before, sender);
    return closed;
  }
}

async function findPull(gitDir: string, number: number): Promise<PullRequestState> {
  const pr = (await readPulls(gitDir)).find((p) => p.number === number);
  if (pr === undefined) throw new HttpError(404, `no pull request #${number}`);
  return pr;
}

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      `request field "${field}" must be a branch name, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new InputError('the request body must be a JSON object');
}
