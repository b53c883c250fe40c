import { appendFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for a Slack incoming webhook on loopback (Slack is out of reach here): it answers
// as Slack does ("ok", or 400 "invalid_payload") and keeps every message, in memory and, when
// given a file, one JSON line each, so another process can show them.

export type SlackMessage = {
  readonly at: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
};

export type SlackInboxOptions = { readonly file?: string; readonly port?: number };

export class SlackInbox {
  readonly messages: SlackMessage[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: SlackInboxOptions = {}) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
          return;
        }
        const message = {
          at: new Date().toISOString(),
          path: req.url ?? '',
          body: body as Record<string, unknown>,
        };
        this.messages.push(message);
        const saved =
          this.options.file === undefined
            ? Promise.resolve()
            : appendFile(this.options.file, `${JSON.stringify(message)}\n`);
        void saved.then(
          () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
          () => res.writeHead(500).end('could not keep the message'),
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0DEMO/B0DEMO/slipway`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The messages a SlackInbox kept in its file; none when it has no file yet. */
export async function readSlackFile(file: string): Promise<SlackMessage[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SlackMessage);
}

/** The text a person would read in a Slack message: its `text` and every block's text. */
export function slackText(message: SlackMessage): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(message.body);
  return texts.join('\n');
}
