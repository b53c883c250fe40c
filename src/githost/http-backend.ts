import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Git's smart HTTP protocol through `git http-backend` (CGI): git itself answers every fetch and
// push, so what clients see is exactly what a Git host serves.

/** The CGI/1.1 environment git-http-backend reads, request headers as HTTP_* included. */
function cgiEnv(
  req: IncomingMessage,
  url: URL,
  root: string,
  user: string | undefined,
): NodeJS.ProcessEnv {
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
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  // git http-backend allows a push only for an authenticated REMOTE_USER.
  if (user !== undefined) env['REMOTE_USER'] = user;
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

/**
 * Answers one smart-HTTP request for the repositories under `root`; resolves with the status
 * once git has finished (for a push: once the refs have moved).
 */
export function serveGitHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  user: string | undefined,
): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  return new Promise((resolve) => {
    let status = 502;
    const backend = spawn('git', ['http-backend'], {
      env: cgiEnv(req, url, root, user),
      // Its complaints (e.g. "not our ref" for an unknown sha) reach the client anyway.
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    backend.on('error', (err) => {
      res.destroy(err);
      resolve(status);
    });
    backend.on('close', () => resolve(status));
    backend.stdin.on('error', () => undefined);
    req.pipe(backend.stdin);
    relayCgiOutput(backend.stdout, res, (s) => (status = s));
  });
}
