import { GitHost } from '../githost/index.js';
import { demoRunTokens } from './demo-git.js';
import { SlackInbox } from './slack-inbox.js';
import { demoPorts, type DemoLayout } from './demo-layout.js';

// The demo's stand-ins for the outside world, in one background process: the Git host (with its
// webhooks to Slipway, taking pushes from pipeline runs with their Slipway token) and the Slack
// inbox. `slipway demo services` runs this until SIGTERM.

export type DemoServicesOptions = {
  readonly layout: DemoLayout;
  readonly gitUser: string;
  readonly gitPassword: string;
  readonly webhookUrl: string;
  readonly webhookSecret: string;
  /** Slipway's URL, whose run tokens the Git host takes for pushes (it need not be up yet). */
  readonly slipwayUrl: string;
  readonly log: (line: string) => void;
};

export async function runDemoServices(options: DemoServicesOptions): Promise<void> {
  const host = new GitHost({
    root: options.layout.gitRoot,
    port: demoPorts.git,
    user: options.gitUser,
    password: options.gitPassword,
    webhooks: [{ url: options.webhookUrl, secret: options.webhookSecret }],
    runTokens: demoRunTokens(options.slipwayUrl),
    log: options.log,
    onDelivery: (d) =>
      options.log(
        `webhook ${d.event} ${d.id} → ${String(d.status)} after ${d.attempts} attempt(s)`,
      ),
  });
  const slack = new SlackInbox({ file: options.layout.slackFile, port: demoPorts.slack });
  options.log(`git host at ${await host.start()}`);
  options.log(`slack inbox at ${await slack.start()}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  await slack.close();
}
