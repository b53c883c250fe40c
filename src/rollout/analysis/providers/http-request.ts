import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

// One HTTP(S) request with a deadline, for the metric providers. node:http rather than fetch
// because `insecure: true` must skip TLS verification for this request only.

export type HttpRequest = {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly insecure?: boolean;
};

export type HttpResponse = { readonly status: number; readonly body: string };

export function sendRequest(options: HttpRequest): Promise<HttpResponse> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        timeout: options.timeoutMs,
        ...(url.protocol === 'https:' && options.insecure ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    const what = `${options.method ?? 'GET'} ${options.url}`;
    req.on('timeout', () => {
      req.destroy(new Error(`timed out after ${options.timeoutMs / 1000}s`));
    });
    req.on('error', (error) => reject(new Error(`${what} failed: ${error.message}`)));
    req.end(options.body);
  });
}
