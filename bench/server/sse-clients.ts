import { request, type IncomingMessage } from 'node:http';

// Plain HTTP GET streams on /api/events, as a browser's EventSource holds them: each client
// notes when a chunk carrying a marker string first reaches it.

export type SseClient = {
  /** Starts looking for `marker` in what arrives; call it before the event is caused. */
  readonly watch: (marker: string) => void;
  /** performance.now() when a watched `marker` first arrived, if it has. */
  readonly seenAt: (marker: string) => number | undefined;
  readonly close: () => void;
};

export async function openSseClient(
  base: string,
  cookie: string,
  topics: string,
): Promise<SseClient> {
  const seen = new Map<string, number>();
  const watching = new Set<string>();
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    // One socket per client, not a shared pool: 100 browsers hold 100 connections.
    const req = request(`${base}/api/events?topics=${topics}`, {
      agent: false,
      headers: { cookie },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
  if (res.statusCode !== 200) throw new Error(`GET /api/events answered ${res.statusCode}`);
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const now = performance.now();
    for (const marker of watching)
      if (chunk.includes(marker)) {
        seen.set(marker, now);
        watching.delete(marker);
      }
  });
  return {
    watch: (marker) => {
      watching.add(marker);
    },
    seenAt: (marker) => seen.get(marker),
    close: () => res.destroy(),
  };
}
