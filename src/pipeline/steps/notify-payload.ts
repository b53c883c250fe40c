// What notify sends: a Slack incoming-webhook message (fallback `text` plus Block Kit `blocks`,
// https://api.slack.com/messaging/webhooks) or a plain JSON summary of the run. Pure.

export type RunSummary = {
  readonly pipeline: string;
  readonly run: string;
  readonly result: string;
  readonly sha: string;
  readonly ref: string;
  readonly durationMs: number | undefined;
  readonly url: string | undefined;
  /** The step's `message` input, shown under the summary. */
  readonly message: string | undefined;
};

const verbs: Readonly<Record<string, string>> = {
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'was cancelled',
};

const icons: Readonly<Record<string, string>> = {
  success: ':white_check_mark:',
  failure: ':x:',
  cancelled: ':no_entry_sign:',
};

/** 83 s → "1m 23s"; 900 ms → "0.9s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return 'unknown';
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toString()}s`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

/** Slack mrkdwn treats &, < and > as control characters. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const shortSha = (sha: string): string => sha.slice(0, 7);
const refName = (ref: string): string => ref.replace(/^refs\/(heads|tags)\//, '');

export function headline(run: RunSummary): string {
  return `Pipeline ${run.pipeline} ${verbs[run.result] ?? run.result}`;
}

export type SlackPayload = {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
};

export function slackPayload(run: RunSummary): SlackPayload {
  const icon = icons[run.result] ?? ':information_source:';
  const duration = formatDuration(run.durationMs);
  const link = run.url === undefined ? '' : ` <${run.url}|View run>`;
  const text = `${icon} ${escapeMrkdwn(headline(run))} on ${escapeMrkdwn(refName(run.ref))} @ ${shortSha(run.sha)} (${duration})${link}`;
  const field = (label: string, value: string): Record<string, unknown> => ({
    type: 'mrkdwn',
    text: `*${label}*\n${value}`,
  });
  const blocks: Record<string, unknown>[] = [
    // Header text is plain_text of at most 150 characters.
    {
      type: 'header',
      text: { type: 'plain_text', text: headline(run).slice(0, 150), emoji: true },
    },
    {
      type: 'section',
      fields: [
        field('Pipeline', escapeMrkdwn(run.pipeline)),
        field('Result', `${icon} ${escapeMrkdwn(run.result)}`),
        field('Commit', `\`${shortSha(run.sha)}\` on ${escapeMrkdwn(refName(run.ref))}`),
        field('Duration', duration),
      ],
    },
  ];
  if (run.message !== undefined) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: escapeMrkdwn(run.message).slice(0, 3000) },
    });
  }
  if (run.url !== undefined) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${run.url}|View run ${escapeMrkdwn(run.run)}>` }],
    });
  }
  return { text, blocks };
}

export function jsonPayload(run: RunSummary): Record<string, unknown> {
  return {
    pipeline: run.pipeline,
    run: run.run,
    result: run.result,
    sha: run.sha,
    ref: run.ref,
    durationMs: run.durationMs ?? null,
    url: run.url ?? null,
    ...(run.message === undefined ? {} : { message: run.message }),
  };
}
