import type { IncomingMessage, ServerResponse } from 'node:http';

// Small pieces of HTTP both halves of the double (Key Vault, Entra ID) answer with.

export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** Key Vault's error body: `{error: {code, message[, innererror]}}`. */
export function sendVaultError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  innerCode?: string,
): void {
  sendJson(res, status, {
    error: {
      code,
      message,
      ...(innerCode === undefined ? {} : { innererror: { code: innerCode } }),
    },
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
