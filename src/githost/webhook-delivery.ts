import { createHmac, randomUUID } from 'node:crypto';
import { KeyLock } from '../waiting/index.js';

// Sends a host's webhooks the way GitHub does (X-GitHub-Event, X-GitHub-Delivery and the
// X-Hub-Signature-256 HMAC of the body), one at a time and in order, retrying a failed one.

export type WebhookTarget = { readonly url: string; readonly secret: string };

export type Delivery = {
  readonly id: string;
  readonly event: string;
  readonly url: string;
  readonly status: number | 'unreachable';
  readonly attempts: number;
};

export type WebhookSenderOptions = {
  readonly targets: readonly WebhookTarget[];
  /** Waits between attempts; 3 attempts in all by default. */
  readonly retryDelaysMs?: readonly number[];
  readonly onDelivery?: (delivery: Delivery) => void;
};

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookSender {
  private readonly order = new KeyLock();
  readonly deliveries: Delivery[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Queues the event for every target; resolves once all were delivered or gave up. */
  send(event: string, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(payload);
    return this.order.run('deliveries', async () => {
      for (const target of this.options.targets) await this.deliver(target, event, body);
    });
  }

  /** Resolves once every queued delivery has settled. */
  idle(): Promise<void> {
    return this.order.idle();
  }

  private async deliver(target: WebhookTarget, event: string, body: string): Promise<void> {
    const id = randomUUID();
    const delays = this.options.retryDelaysMs ?? [500, 2000];
    let status: number | 'unreachable' = 'unreachable';
    let attempts = 0;
    for (const delay of [0, ...delays]) {
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      attempts += 1;
      status = await post(target, event, id, body);
      if (typeof status === 'number' && status < 500) break;
    }
    const delivery = { id, event, url: target.url, status, attempts };
    this.deliveries.push(delivery);
    this.options.onDelivery?.(delivery);
  }
}

async function post(
  target: WebhookTarget,
  event: string,
  id: string,
  body: string,
): Promise<number | 'unreachable'> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'slipway-githost',
        'x-github-event': event,
        'x-github-delivery': id,
        ...(target.secret === '' ? {} : { 'x-hub-signature-256': signBody(target.secret, body) }),
      },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'unreachable';
  }
}
