// slipway/notify: tells a webhook (Slack incoming webhook or any JSON endpoint) how a run went.
//
// Environment the runner must set for this step (read from context.env):
//   SLIPWAY_PIPELINE_RESULT   success | failure | cancelled — the run's result so far (default success)
//   SLIPWAY_RUN_DURATION_MS   milliseconds since the run started (integer; omitted → "unknown")
//   SLIPWAY_RUN_URL           optional link to the run, shown as "View run"
// Inputs `status` and `message` override the result and add a line of text.
import { InputError } from '../../errors/index.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';
import { sleep } from './backoff.js';
import { jsonPayload, slackPayload, type RunSummary } from './notify-payload.js';
import { failure, optionalInput, requiredInput } from './step-io.js';

export type NotifyOptions = {
  /** Waits before each retry; 3 retries after 0.5 s, 1 s and 2 s by default. */
  readonly retryDelaysMs?: readonly number[];
  readonly attemptTimeoutMs?: number;
};

type Attempt =
  | { readonly kind: 'sent'; readonly status: number }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'fatal'; readonly reason: string };

function webhookURL(context: StepContext): string {
  const secretName = optionalInput(context, 'secret');
  const url =
    secretName === undefined
      ? requiredInput(context, 'webhook-url', 'notify')
      : context.secrets[secretName];
  if (url === undefined || url.trim() === '') {
    throw new InputError(`secret ${JSON.stringify(secretName)} is not set for this run`, {
      hint: 'add it to the pipeline secrets, or give `with.webhook-url`',
    });
  }
  if (!URL.canParse(url.trim()) || !/^https?:$/.test(new URL(url.trim()).protocol)) {
    // The URL may be a secret: never echo it.
    throw new InputError('the webhook URL is not an http(s) URL');
  }
  return url.trim();
}

export function runSummary(context: StepContext): RunSummary {
  const duration = Number(context.env['SLIPWAY_RUN_DURATION_MS']);
  const url = context.env['SLIPWAY_RUN_URL']?.trim();
  return {
    pipeline: context.run.pipeline,
    run: context.run.id,
    result:
      optionalInput(context, 'status') ??
      context.env['SLIPWAY_PIPELINE_RESULT']?.trim() ??
      'success',
    sha: context.run.event.sha,
    ref: context.run.event.ref,
    durationMs: Number.isFinite(duration) && duration >= 0 ? duration : undefined,
    url: url === undefined || url === '' ? undefined : url,
    message: optionalInput(context, 'message'),
  };
}

async function post(
  url: string,
  body: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const text = (await response.text()).slice(0, 300);
    if (response.ok) return { kind: 'sent', status: response.status };
    const reason = `HTTP ${response.status}${text === '' ? '' : `: ${text}`}`;
    return response.status === 429 || response.status >= 500
      ? { kind: 'retry', reason }
      : { kind: 'fatal', reason };
  } catch (cause) {
    const detail =
      cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
    return { kind: 'retry', reason: detail };
  }
}

export function notify(options: NotifyOptions = {}): StepAction {
  const delays = options.retryDelaysMs ?? [500, 1000, 2000];
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;
  return async (context): Promise<StepResult> => {
    const format = requiredInput(context, 'format', 'notify');
    if (format !== 'slack' && format !== 'json') {
      throw new InputError(`\`with.format\` ${JSON.stringify(format)} is not slack or json`);
    }
    const url = webhookURL(context);
    const summary = runSummary(context);
    const body = JSON.stringify(format === 'slack' ? slackPayload(summary) : jsonPayload(summary));
    for (let attempt = 0; ; attempt++) {
      const result = await post(url, body, context.signal, timeoutMs);
      if (result.kind === 'sent') {
        context.log(`notify: delivered (HTTP ${result.status}) after ${attempt + 1} attempt(s)`);
        return { outcome: 'success', outputs: { status: String(result.status) } };
      }
      const delay = delays[attempt];
      if (result.kind === 'fatal' || delay === undefined || context.signal.aborted) {
        return failure(
          `notify: webhook refused the message after ${attempt + 1} attempt(s): ${result.reason}`,
        );
      }
      context.log(
        `notify: attempt ${attempt + 1} failed (${result.reason}); retrying in ${delay} ms`,
      );
      await sleep(delay, context.signal);
    }
  };
}
