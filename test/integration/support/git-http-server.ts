import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveGitHttpBackend } from '../../../src/githost/index.js';

/** One request the server answered, for tests that count round trips. */
export type GitHttpRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
};

export type GitHttpServer = {
  /** e.g. `http://127.0.0.1:41234`; a repository `<root>/app` is at `${baseURL}/app`. */
  readonly baseURL: string;
  readonly requests: readonly GitHttpRequest[];
  /** Fetches that reached git: each begins with one `info/refs?service=git-upload-pack`. */
  uploadPackAdvertisements(): number;
  close(): Promise<void>;
};

export type GitHttpServerOptions = {
  /** The folder whose repositories are served (GIT_PROJECT_ROOT). */
  readonly projectRoot: string;
  /** The only user and password accepted through Basic auth. */
  readonly username: string;
  readonly password: string;
};

function authorizedUser(req: IncomingMessage, options: GitHttpServerOptions): string | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  return colon >= 0 && user === options.username && decoded.slice(colon + 1) === options.password
    ? user
    : undefined;
}

function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: GitHttpServerOptions,
  record: (r: GitHttpRequest) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const base = { method: req.method ?? 'GET', path: url.pathname, query: url.search };
  const user = authorizedUser(req, options);
  if (user === undefined) {
    record({ ...base, status: 401 });
    req.resume();
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized\n');
    return;
  }
  void serveGitHttpBackend(req, res, options.projectRoot, user).then((status) =>
    record({ ...base, status }),
  );
}

/** Serves the repositories under projectRoot over smart HTTP on 127.0.0.1, behind Basic auth. */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const requests: GitHttpRequest[] = [];
  const server = createServer((req, res) => serve(req, res, options, (r) => requests.push(r)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    uploadPackAdvertisements: () =>
      requests.filter(
        (r) =>
          r.path.endsWith('/info/refs') &&
          r.query.includes('service=git-upload-pack') &&
          r.status === 200,
      ).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
