import type { ServerResponse } from 'node:http';
import { InputError, SlipwayError, StateError } from '../errors/index.js';

/** A refusal with the HTTP status the host answers; its message and hint go to the client. */
export class HttpError extends SlipwayError {
  constructor(
    readonly status: number,
    message: string,
    hint?: string,
  ) {
    super(message, hint === undefined ? {} : { hint });
  }
}

const statusOf = (error: unknown): number =>
  error instanceof HttpError
    ? error.status
    : error instanceof InputError
      ? 400
      : error instanceof StateError
        ? 409
        : 500;

/**
 * Answers a failed request: JSON for the API; plain text for git, which shows it as "remote: …"
 * lines, with a Basic challenge on 401 so git asks its credential helper.
 */
export function sendError(res: ServerResponse, error: unknown, forGit: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof SlipwayError ? error.hint : undefined;
  if (!forGit) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message, ...(hint === undefined ? {} : { hint }) }));
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...(status === 401 ? { 'www-authenticate': 'Basic realm="slipway-githost"' } : {}),
  });
  res.end(`${[message, ...(hint === undefined ? [] : [hint])].join('\n')}\n`);
}
