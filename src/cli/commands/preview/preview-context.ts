import { join } from 'node:path';
import { InputError } from '../../../errors/index.js';
import { KubeRest, ObjectClient } from '../../../kube/index.js';
import { SqlitePreviewStore } from '../../../preview/index.js';
import { defaultStorePath } from '../../../store/index.js';

// What the preview commands share: the state file `slipway up` keeps previews in, and the
// cluster of the current kubeconfig.

export const stateOptions = { 'state-dir': { type: 'string' } } as const;

/** The state file: `--state-dir`'s slipway.db (as `slipway up` takes it), else the default. */
export function openPreviewStore(values: Record<string, unknown>): SqlitePreviewStore {
  const dir = values['state-dir'];
  return SqlitePreviewStore.open(
    typeof dir === 'string' ? join(dir, 'slipway.db') : defaultStorePath(),
  );
}

export function kubeClient(): ObjectClient {
  return new ObjectClient(KubeRest.fromConnection());
}

export function prNumber(positionals: readonly string[], usage: string): number {
  const text = positionals[0] ?? '';
  const pr = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(pr) || pr <= 0) {
    throw new InputError(`"${text}" is not a pull request number`, { hint: `usage: ${usage}` });
  }
  return pr;
}

/** `45s`, `12m`, `5h`, `2d21h`, `9d`, rounded down, as kubectl shows ages. Pure. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  return days < 8 && hours > 0 ? `${days}d${hours}h` : `${days}d`;
}
