import { Agent, request, type AgentOptions, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { loadDefaultConnection, type Connection } from './connection.js';
import { KubeApiError } from './kube-api-error.js';

export type RestRequest = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
};

/**
 * A thin JSON client over the Kubernetes REST API, authenticated from a kubeconfig. Objects stay
 * plain JSON (no model classes), which diffs and server-side apply need. Keeps connections alive.
 */
export class KubeRest {
  private readonly base: URL;

  private constructor(
    readonly connection: Connection,
    private readonly options: RequestOptions,
  ) {
    this.base = new URL(connection.server);
  }

  /** A client for the given connection, or the default one (KUBECONFIG, ~/.kube/config, in-cluster). */
  static fromConnection(connection: Connection = loadDefaultConnection()): KubeRest {
    const tls: AgentOptions = {
      ...(connection.ca ? { ca: connection.ca } : {}),
      ...(connection.cert ? { cert: connection.cert } : {}),
      ...(connection.key ? { key: connection.key } : {}),
      ...(connection.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
      ...(connection.tlsServerName ? { servername: connection.tlsServerName } : {}),
    };
    const auth = connection.token
      ? `Bearer ${connection.token}`
      : connection.basicAuth
        ? `Basic ${Buffer.from(`${connection.basicAuth.username}:${connection.basicAuth.password}`).toString('base64')}`
        : undefined;
    return new KubeRest(connection, {
      agent: new Agent({ ...tls, keepAlive: true, maxSockets: 32 }),
      ...(auth ? { headers: { authorization: auth } } : {}),
    });
  }

  url(path: string, query?: Record<string, string | undefined>): URL {
    const url = new URL(
      path.replace(/^\//, ''),
      this.base.href.endsWith('/') ? this.base : `${this.base.href}/`,
    );
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    return url;
  }

  /** Sends one request; a non-2xx answer throws KubeApiError with the server's message. */
  async send<T>(req: RestRequest): Promise<T> {
    const url = this.url(req.path, req.query);
    const payload =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? req.body
          : JSON.stringify(req.body);
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const send = url.protocol === 'https:' ? request : httpRequest;
        const r = send(
          url,
          {
            ...this.options,
            method: req.method,
            headers: {
              ...(this.options.headers ?? {}),
              accept: 'application/json',
              // An explicit length: Node sends a DELETE body unframed otherwise, and the server
              // then reads it as the start of the next request on the kept-alive connection.
              ...(payload === undefined
                ? {}
                : {
                    'content-type': req.contentType ?? 'application/json',
                    'content-length': Buffer.byteLength(payload),
                  }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        r.on('error', reject);
        r.end(payload);
      },
    );
    if (status >= 200 && status < 300) return (text === '' ? undefined : JSON.parse(text)) as T;
    throw toApiError(status, text, `${req.method} ${url.pathname}`);
  }

  /** Opens a streaming GET (a watch); each complete line is handed to `onLine`. */
  stream(
    path: string,
    query: Record<string, string | undefined>,
    onLine: (line: string) => void,
  ): { done: Promise<void>; abort: () => void } {
    const url = this.url(path, query);
    let abort = (): void => undefined;
    const done = new Promise<void>((resolve, reject) => {
      const send = url.protocol === 'https:' ? request : httpRequest;
      const r = send(
        url,
        {
          ...this.options,
          method: 'GET',
          headers: { ...(this.options.headers ?? {}), accept: 'application/json' },
        },
        (res) => {
          if ((res.statusCode ?? 0) >= 300) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              reject(
                toApiError(
                  res.statusCode ?? 0,
                  Buffer.concat(chunks).toString('utf8'),
                  `WATCH ${url.pathname}`,
                ),
              ),
            );
            return;
          }
          let buffered = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffered += chunk;
            let nl = buffered.indexOf('\n');
            while (nl >= 0) {
              const line = buffered.slice(0, nl).trim();
              buffered = buffered.slice(nl + 1);
              if (line) onLine(line);
              nl = buffered.indexOf('\n');
            }
          });
          res.on('end', () => resolve());
          res.on('error', () => resolve());
          res.on('aborted', () => resolve());
        },
      );
      r.on('error', (e) => (r.destroyed ? resolve() : reject(e)));
      r.end();
      abort = () => {
        r.destroy();
        resolve();
      };
    });
    return { done, abort: () => abort() };
  }
}

function toApiError(status: number, text: string, what: string): KubeApiError {
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string; details?: unknown };
    return new KubeApiError(
      status,
      s.reason ?? String(status),
      s.message ?? `${what}: HTTP ${status}`,
      s.details,
    );
  } catch {
    return new KubeApiError(
      status,
      String(status),
      `${what}: HTTP ${status} ${text.slice(0, 200)}`,
    );
  }
}
