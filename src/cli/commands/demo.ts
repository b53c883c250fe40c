import { runDemo } from '../../demo/index.js';
import type { Command } from '../command.js';

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'bring the cluster up and run a small app on it, then print how to reach it',
  usage: 'slipway demo',
  options: {},
  async run(_values, io) {
    await runDemo(io.out);
    return 0;
  },
};
