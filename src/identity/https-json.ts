import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Reads one JSON document; rejects on a non-200 answer. */
export type FetchJson = (url: string) => Promise<unknown>;

const maxBytes = 1024 * 1024;

/**
 * A credential-free JSON GET (OIDC discovery and JWKS are public), trusting `ca` for HTTPS when
 * given (the local cluster's API server has its own CA).
 */
export function httpsJsonFetcher(options: { ca?: Buffer; timeoutMs?: number } = {}): FetchJson {
  return (url) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          // The API server answers 406 to a JWKS request accepting only application/json.
          headers: { accept: 'application/json, application/jwk-set+json' },
          timeout: options.timeoutMs ?? 10_000,
          ...(options.ca ? { ca: options.ca } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) req.destroy(new Error(`GET ${url}: answer larger than 1 MiB`));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            if (res.statusCode !== 200) {
              reject(new Error(`GET ${url}: HTTP ${res.statusCode ?? '?'}`));
              return;
            }
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
            } catch {
              reject(new Error(`GET ${url}: the answer is not JSON`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
      req.on('error', reject);
      req.end();
    });
}
