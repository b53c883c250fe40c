import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { InputError, SlipwayError } from '../../errors/index.js';
import { quoteForError } from '../secret-input.js';

// Plain HTTPS for Key Vault and Entra ID (the Azure SDK is not a dependency). Bearer tokens and
// client assertions only ever travel over https, except to a loopback address (tests, proxies
// on the same host).

export type HttpsOptions = {
  /** Extra CA certificates (PEM) to trust, e.g. a test server's self-signed one. */
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
};

export type HttpAnswer = {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
};

const maxAnswerBytes = 1024 * 1024;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parses `value` as an https URL (or http on a loopback address); InputError naming `field`. */
export function checkServiceUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InputError(`${field} ${quoteForError(value)} is not a URL`, { cause });
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  if (!secure || url.username !== '' || url.password !== '') {
    throw new InputError(
      `${field} ${quoteForError(value)} must be an https URL without credentials`,
      {
        hint: 'tokens are sent to it; plain http is accepted only on a loopback address',
      },
    );
  }
  return url;
}

/** One request; any HTTP status is an answer, only a network failure or timeout throws. */
export function sendHttps(
  url: URL,
  init: {
    readonly method: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
  },
  options: HttpsOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = {
      ...init.headers,
      ...(init.body === undefined
        ? {}
        : { 'content-length': String(Buffer.byteLength(init.body)) }),
    };
    const req = send(
      url,
      {
        method: init.method,
        headers,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        timeout: options.timeoutMs ?? 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxAnswerBytes) {
            req.destroy(new SlipwayError(`${url.origin} sent more than ${maxAnswerBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new SlipwayError(`${url.origin} did not answer in time`)));
    req.on('error', (cause) =>
      reject(
        cause instanceof SlipwayError
          ? cause
          : new SlipwayError(`cannot reach ${url.origin}: ${cause.message}`, { cause }),
      ),
    );
    req.end(init.body);
  });
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
