import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { notify } from './notify.js';
import { formatDuration, jsonPayload, slackPayload, type RunSummary } from './notify-payload.js';
import { guarded } from './step-io.js';
import { testContext } from './testing-context.js';

const summary: RunSummary = {
  pipeline: 'release',
  run: '42',
  result: 'failure',
  sha: '0123456789abcdef',
  ref: 'refs/heads/main',
  durationMs: 83_000,
  url: 'http://slipway.local/runs/42',
  message: undefined,
};

describe('formatDuration', () => {
  it.each<[number | undefined, string]>([
    [undefined, 'unknown'],
    [900, '0.9s'],
    [12_345, '12.3s'],
    [83_000, '1m 23s'],
    [3_723_000, '1h 2m 3s'],
  ])('%s ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('slackPayload', () => {
  it.each<[Partial<RunSummary>, string]>([
    [
      {},
      ':x: Pipeline release failed on main @ 0123456 (1m 23s) <http://slipway.local/runs/42|View run>',
    ],
    [
      { result: 'success', url: undefined },
      ':white_check_mark: Pipeline release succeeded on main @ 0123456 (1m 23s)',
    ],
    [
      { result: 'cancelled', pipeline: 'a<b', url: undefined, durationMs: undefined },
      ':no_entry_sign: Pipeline a&lt;b was cancelled on main @ 0123456 (unknown)',
    ],
  ])('fallback text of %j', (override, text) => {
    expect(slackPayload({ ...summary, ...override }).text).toBe(text);
  });

  it('has a header, the fields, the message and the link as Block Kit blocks', () => {
    const payload = slackPayload({ ...summary, message: 'canary at 20%' });
    expect(payload.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'Pipeline release failed', emoji: true },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Pipeline*\nrelease' },
          { type: 'mrkdwn', text: '*Result*\n:x: failure' },
          { type: 'mrkdwn', text: '*Commit*\n`0123456` on main' },
          { type: 'mrkdwn', text: '*Duration*\n1m 23s' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: 'canary at 20%' } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '<http://slipway.local/runs/42|View run 42>' }],
      },
    ]);
  });
});

describe('jsonPayload', () => {
  it.each<[Partial<RunSummary>, Record<string, unknown>]>([
    [
      {},
      {
        pipeline: 'release',
        run: '42',
        result: 'failure',
        sha: '0123456789abcdef',
        ref: 'refs/heads/main',
        durationMs: 83000,
        url: 'http://slipway.local/runs/42',
      },
    ],
    [
      { url: undefined, durationMs: undefined, message: 'hi' },
      {
        pipeline: 'release',
        run: '42',
        result: 'failure',
        sha: '0123456789abcdef',
        ref: 'refs/heads/main',
        durationMs: null,
        url: null,
        message: 'hi',
      },
    ],
  ])('%j', (override, expected) =>
    expect(jsonPayload({ ...summary, ...override })).toEqual(expected),
  );
});

type Received = { body: unknown; contentType: string | undefined };

type Block = {
  type?: unknown;
  text?: { type?: unknown; text?: unknown };
  fields?: unknown[];
  elements?: unknown[];
};

/** What Slack checks of an incoming-webhook message (api.slack.com/reference/block-kit/blocks). */
function slackProblem(body: unknown): string | undefined {
  const message = body as { text?: unknown; blocks?: unknown };
  if (typeof message.text !== 'string' || message.text === '') return 'no_text';
  if (!Array.isArray(message.blocks) || message.blocks.length > 50) return 'invalid_blocks';
  const textObject = (t: unknown, max: number): boolean => {
    const o = t as { type?: unknown; text?: unknown };
    return (
      (o.type === 'mrkdwn' || o.type === 'plain_text') &&
      typeof o.text === 'string' &&
      o.text.length <= max
    );
  };
  for (const block of message.blocks as Block[]) {
    const ok =
      block.type === 'header'
        ? block.text?.type === 'plain_text' && textObject(block.text, 150)
        : block.type === 'section'
          ? (block.text === undefined || textObject(block.text, 3000)) &&
            (block.fields === undefined ||
              (block.fields.length <= 10 && block.fields.every((f) => textObject(f, 2000)))) &&
            (block.text !== undefined || block.fields !== undefined)
          : block.type === 'context'
            ? Array.isArray(block.elements) && block.elements.every((e) => textObject(e, 3000))
            : false;
    if (!ok) return 'invalid_blocks';
  }
  return undefined;
}

/** A webhook on 127.0.0.1 answering with the statuses given, in turn, then 200. */
async function webhook(
  statuses: number[],
  path = '/hook',
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        contentType: req.headers['content-type'],
      });
      const status = statuses.shift() ?? 200;
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status === 200 ? 'ok' : 'invalid_payload');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    server,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

const env = {
  SLIPWAY_PIPELINE_RESULT: 'success',
  SLIPWAY_RUN_DURATION_MS: '4200',
  SLIPWAY_RUN_URL: 'http://x/runs/42',
};

describe('slipway/notify', () => {
  it('retries a 500 after half a second and delivers a Slack message', async () => {
    const hook = await webhook([500], '/slack');
    const started = Date.now();
    const context = testContext(tmpdir(), { 'webhook-url': hook.url, format: 'slack' }, { env });
    const result = await notify()(context);
    expect(result).toEqual({ outcome: 'success', outputs: { status: '200' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(hook.received).toHaveLength(2);
    const payload = hook.received[1];
    expect(payload?.contentType).toBe('application/json');
    expect(payload?.body).toMatchObject({
      text: expect.stringContaining(
        'Pipeline release succeeded on main @ 0123456 (4.2s)',
      ) as unknown,
      blocks: expect.arrayContaining([
        expect.objectContaining({ type: 'header' }),
        expect.objectContaining({ type: 'section', fields: expect.any(Array) as unknown }),
      ]) as unknown,
    });
    expect(context.lines.join('\n')).toContain('attempt 1 failed (HTTP 500: invalid_payload)');
  });

  it('reads the URL from a secret, takes `status` over the env, sends JSON', async () => {
    const hook = await webhook([]);
    const context = testContext(
      tmpdir(),
      { secret: 'HOOK', format: 'json', status: 'failure', message: 'smoke test failed' },
      { env, secrets: { HOOK: hook.url } },
    );
    expect((await notify()(context)).outcome).toBe('success');
    expect(hook.received[0]?.body).toEqual({
      pipeline: 'release',
      run: '42',
      result: 'failure',
      sha: '0123456789abcdef0123456789abcdef01234567',
      ref: 'refs/heads/main',
      durationMs: 4200,
      url: 'http://x/runs/42',
      message: 'smoke test failed',
    });
  });

  it('is refused by the Slack shape check when a block is wrong', () => {
    expect(slackProblem(slackPayload(summary))).toBeUndefined();
    expect(
      slackProblem({
        text: 'x',
        blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }],
      }),
    ).toBe('invalid_blocks');
  });

  it('fails at once on a 4xx with the status and body', async () => {
    const hook = await webhook([404, 404]);
    const result = await notify()(
      testContext(tmpdir(), { 'webhook-url': hook.url, format: 'slack' }),
    );
    expect(result).toEqual({
      outcome: 'failure',
      message: 'notify: webhook refused the message after 1 attempt(s): HTTP 404: invalid_payload',
    });
    expect(hook.received).toHaveLength(1);
  });

  it('gives up after the retries when nothing listens, saying why', async () => {
    const hook = await webhook([]);
    await new Promise((resolve) => hook.server.close(resolve));
    servers.length = 0;
    const step = notify({ retryDelaysMs: [10, 10, 10] });
    const result = await step(testContext(tmpdir(), { 'webhook-url': hook.url, format: 'json' }));
    expect(result.message).toMatch(/after 4 attempt\(s\): connect ECONNREFUSED 127\.0\.0\.1:\d+/);
  });

  it('names a missing secret without showing any URL', async () => {
    const result = await guarded(
      'notify',
      notify(),
    )(testContext(tmpdir(), { secret: 'NOPE', format: 'slack' }));
    expect(result.message).toContain('notify: secret "NOPE" is not set for this run');
  });
});
