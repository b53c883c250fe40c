import { demoDown, demoLayout, runDemo, runDemoServices } from '../../demo/index.js';
import { InputError } from '../../errors/index.js';
import type { Command } from '../command.js';

export const demoCommand: Command = {
  path: ['demo'],
  summary:
    'the cat app from a pull request to a canary: cluster, Slipway, a Git host, preview, merge, 20% canary',
  usage: 'slipway demo [--auto-promote] | --down [--keep-cluster]',
  options: {
    'auto-promote': { type: 'boolean' },
    down: { type: 'boolean' },
    'keep-cluster': { type: 'boolean' },
  },
  async run(values) {
    const output = { write: (t: string) => process.stdout.write(t), isTTY: process.stdout.isTTY };
    if (values['down'] === true) await demoDown(output, values['keep-cluster'] === true);
    else await runDemo({ autoPromote: values['auto-promote'] === true, output });
    return 0;
  },
};

/** The demo's background process: its Git host and Slack inbox (started by `slipway demo`). */
export const demoServicesCommand: Command = {
  path: ['demo', 'services'],
  summary: "run the demo's Git host and Slack inbox until stopped (started by `slipway demo`)",
  usage: 'slipway demo services --webhook URL --slipway URL',
  options: { webhook: { type: 'string' }, slipway: { type: 'string' } },
  async run(values, io) {
    const webhookUrl = values['webhook'];
    const env = (name: string): string => {
      const value = process.env[name];
      if (value === undefined || value === '') {
        throw new InputError(`${name} is not set`, {
          hint: 'this command is started by `slipway demo`',
        });
      }
      return value;
    };
    if (typeof webhookUrl !== 'string') {
      throw new InputError('--webhook is required', { hint: 'give the Slipway webhook URL' });
    }
    const slipwayUrl = values['slipway'];
    if (typeof slipwayUrl !== 'string') {
      throw new InputError('--slipway is required', {
        hint: "give Slipway's URL: the Git host takes its pipeline runs' tokens for pushes",
      });
    }
    await runDemoServices({
      layout: demoLayout(),
      webhookUrl,
      slipwayUrl,
      webhookSecret: env('SLIPWAY_DEMO_WEBHOOK_SECRET'),
      gitUser: env('SLIPWAY_DEMO_GIT_USER'),
      gitPassword: env('SLIPWAY_DEMO_GIT_PASSWORD'),
      log: (line) => io.out(`${new Date().toISOString()} ${line}`),
    });
    return 0;
  },
};
