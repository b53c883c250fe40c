import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** The CGI/1.1 environment git-http-backend reads, request headers as HTTP_* included. */
function cgiEnv(req: IncomingMessage, url: URL, root: string, user: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: user,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  // Without a length (a chunked body) the backend reads to end of input.
  if (req.headers['content-length'] !== undefined) {
    env['CONTENT_LENGTH'] = req.headers['content-length'];
  }
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  return env;
}

/** Writes a CGI response: its header block (with `Status:`) as HTTP headers, then the body. */
function relayCgiOutput(
  stdout: NodeJS.ReadableStream,
  res: ServerResponse,
  onStatus: (status: number) => void,
): void {
  let head = Buffer.alloc(0);
  let headersDone = false;
  stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = crlf >= 0 ? crlf : lf;
    if (end < 0) return;
    const sepLength = crlf >= 0 ? 4 : 2;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else if (name !== '') res.setHeader(name, value);
    }
    headersDone = true;
    onStatus(status);
    res.statusCode = status;
    res.write(head.subarray(end + sepLength));
  });
  stdout.on('end', () => res.end());
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
  const backend = spawn('git', ['http-backend'], {
    env: cgiEnv(req, url, options.projectRoot, user),
    // Its complaints (e.g. "not our ref" for a test's unknown sha) reach the client anyway.
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  backend.on('error', (err) => res.destroy(err));
  backend.stdin.on('error', () => undefined);
  req.pipe(backend.stdin);
  relayCgiOutput(backend.stdout, res, (status) => record({ ...base, status }));
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
