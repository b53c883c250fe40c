import { InputError } from '../errors/index.js';
import { clientConfigPath, readClientConfig } from './client-config.js';

/** The server refused a request; `code` is the API's stable error code (docs/api.md). */
export class ServerError extends InputError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    hint: string | undefined,
  ) {
    super(message, hint === undefined ? {} : { hint });
  }
}

export type ServerRequest = {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
};

export type ServerResponse<T> = {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
};

export type ServerClient = {
  readonly server: string;
  /** Sends JSON, returns the parsed answer; an error answer becomes a ServerError. */
  readonly request: <T>(
    method: string,
    path: string,
    request?: ServerRequest,
  ) => Promise<ServerResponse<T>>;
};

export type ServerClientOptions = {
  readonly server: string;
  /** An API token, sent as `Authorization: Bearer`. */
  readonly token?: string;
  readonly fetch?: typeof fetch;
};

/** Checks and normalises a server URL given on the command line or in the config. */
export function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InputError(`--server "${value}" is not a URL`, {
      hint: 'give the server as http://HOST:PORT, e.g. --server http://127.0.0.1:8080',
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`--server "${value}" is not an http(s) URL`, {
      hint: 'give the server as http://HOST:PORT or https://HOST',
    });
  }
  return url.href.replace(/\/+$/, '');
}

const defaultHints: Readonly<Record<number, string>> = {
  401: 'run `slipway login --server URL` to sign in again',
  403: 'ask an admin of the project for a role that allows this',
};

export function createServerClient(options: ServerClientOptions): ServerClient {
  const server = serverUrl(options.server);
  const send = options.fetch ?? fetch;
  return {
    server,
    async request<T>(method: string, path: string, request: ServerRequest = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await send(`${server}${path}`, {
          method,
          headers,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
      } catch (cause) {
        throw unreachable(server, cause);
      }
      const text = await response.text();
      if (!response.ok) throw errorFromResponse(response.status, text, `${method} ${path}`);
      // Written by the server from the documented shapes; callers name the type they expect.
      const body = (text === '' ? undefined : JSON.parse(text)) as T;
      return { status: response.status, headers: response.headers, body };
    },
  };
}

/** A client for the server `slipway login` signed in to, with its token. */
export function configuredServerClient(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl?: typeof fetch,
): ServerClient {
  const path = clientConfigPath(env);
  const config = readClientConfig(path);
  if (config.server === undefined || config.token === undefined) {
    throw new InputError(`not signed in to a Slipway server (nothing in ${path})`, {
      hint: 'run `slipway login --server URL` first',
    });
  }
  return createServerClient({
    server: config.server,
    token: config.token,
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  });
}

function unreachable(server: string, cause: unknown): InputError {
  const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
  const why = inner?.code ?? inner?.message ?? (cause as Error).message;
  return new InputError(`cannot reach the Slipway server at ${server}: ${why}`, {
    hint: 'check the URL, and that `slipway up` is running there',
    cause,
  });
}

/** Turns `{error: {code, message, hint}}` into a ServerError; copes with any other body. */
export function errorFromResponse(status: number, text: string, what: string): ServerError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; hint?: unknown } })
    ?.error;
  if (typeof error?.message === 'string') {
    const hint = typeof error.hint === 'string' ? error.hint : defaultHints[status];
    return new ServerError(
      error.message,
      status,
      typeof error.code === 'string' ? error.code : 'unknown',
      hint,
    );
  }
  const excerpt = text.trim().slice(0, 200);
  return new ServerError(
    `the server answered ${what} with HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`,
    status,
    'unknown',
    defaultHints[status],
  );
}
