import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

// The built web UI (dist-ui/) at `/`; any path that is not a file is the single-page app's
// index.html. Without a build, a short page says how to make one.

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const notBuilt = `<!doctype html><html><head><meta charset="utf-8"><title>Slipway</title></head>
<body><h1>Slipway</h1><p>The web UI is not built. Build it into <code>dist-ui/</code>
and restart <code>slipway up</code>. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

/** The file a URL path names inside `root`, or undefined when it would leave it. Pure. */
export function fileInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const file = normalize(join(root, decoded));
  return file === root || file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
    ? file
    : undefined;
}

export async function serveUi(
  root: string | undefined,
  urlPath: string,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (root === undefined || !existsSync(join(root, 'index.html')))
    return reply.type('text/html; charset=utf-8').send(notBuilt);
  const file = fileInside(root, urlPath);
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  const chosen = info?.isFile() === true && file !== undefined ? file : join(root, 'index.html');
  const body = await readFile(chosen);
  return reply.type(types[extname(chosen)] ?? 'application/octet-stream').send(body);
}
