import { clusterEnv } from '../../cluster/index.js';
import type { Command } from '../command.js';

export const clusterEnvCommand: Command = {
  path: ['cluster', 'env'],
  summary: 'print shell lines that point kubectl and Slipway at the local cluster',
  usage: 'eval "$(slipway cluster env)"',
  options: {},
  run(_values, io) {
    for (const [key, value] of Object.entries(clusterEnv()))
      io.out(`export ${key}=${shellQuote(value)}`);
    return Promise.resolve(0);
  },
};

export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
