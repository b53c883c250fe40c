import { setTimeout as sleep } from 'node:timers/promises';
import {
  hashOf,
  podsOfHashes,
  rolloutAnalysisRuns,
  rolloutReplicaSets,
  type RolloutView,
} from '../../../rollout/actions/index.js';
import type { Command, CommandOutput } from '../../command.js';
import {
  readRolloutSnapshot,
  serverNamespace,
  serverTarget,
  onServer,
  targetOptions,
} from '../remote/index.js';
import { renderRollout, type RolloutSnapshot } from './render-rollout.js';
import {
  getRollout,
  namespaceOptions,
  rolloutContext,
  rolloutName,
  type RolloutContext,
} from './rollout-context.js';

const usage = 'slipway rollout get NAME [-n NAMESPACE] [--watch [--until-done]]';

export const clearScreen = '\x1b[H\x1b[2J';

export const rolloutGetCommand: Command = {
  path: ['rollout', 'get'],
  summary:
    'show a Rollout: phase, canary step and weights, images, its steps and a tree of ReplicaSets, pods and AnalysisRuns',
  usage,
  options: {
    ...namespaceOptions,
    ...targetOptions,
    watch: { type: 'boolean', short: 'w' },
    'until-done': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const server = serverTarget(values);
    if (server) {
      const namespace = serverNamespace(values);
      return onServer(io, () =>
        showRollout(() => readRolloutSnapshot(server, namespace, name), values, io),
      );
    }
    const ctx = await rolloutContext(values);
    return showRollout(() => readSnapshot(ctx, name), values, io);
  },
};

/** Once, or with --watch redrawn until Ctrl-C (or, with --until-done, until it settles). */
async function showRollout(
  read: () => Promise<RolloutSnapshot>,
  values: Record<string, unknown>,
  io: CommandOutput,
): Promise<number> {
  if (values['watch'] !== true) {
    io.out(renderRollout(await read()));
    return 0;
  }
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    return await watchRollout(read, io, {
      untilDone: values['until-done'] === true,
      tty: process.stdout.isTTY === true,
      intervalMs: 1000,
      signal: stop.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export async function readSnapshot(ctx: RolloutContext, name: string): Promise<RolloutSnapshot> {
  const rollout = await getRollout(ctx, name);
  const [replicaSets, analysisRuns] = await Promise.all([
    rolloutReplicaSets(ctx, rollout),
    rolloutAnalysisRuns(ctx, rollout),
  ]);
  const pods = await podsOfHashes(
    ctx,
    replicaSets.map(hashOf).filter((h) => h !== ''),
  );
  return { rollout, replicaSets, pods, analysisRuns };
}

/** Healthy or Degraded for the spec as it is now (not an older generation's verdict). Pure. */
export function isSettled(rollout: RolloutView): boolean {
  const s = rollout.status;
  if (s?.phase !== 'Healthy' && s?.phase !== 'Degraded') return false;
  const generation = rollout.metadata.generation;
  return (
    s.observedGeneration === undefined ||
    generation === undefined ||
    s.observedGeneration === String(generation)
  );
}

export type WatchOptions = {
  readonly untilDone: boolean;
  /** Redraw in place (clear the screen) rather than print frames one after another. */
  readonly tty: boolean;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
};

/**
 * Polls and redraws only when the picture changed; ends on the signal (Ctrl-C) with 0, or, with
 * untilDone, once the Rollout is Healthy or Degraded.
 */
export async function watchRollout(
  read: () => Promise<RolloutSnapshot>,
  io: CommandOutput,
  options: WatchOptions,
): Promise<number> {
  let shown: string | undefined;
  while (!options.signal.aborted) {
    const snapshot = await read();
    const text = renderRollout(snapshot);
    if (text !== shown) {
      io.out(frame(text, shown === undefined, options.tty));
      shown = text;
    }
    if (options.untilDone && isSettled(snapshot.rollout)) return 0;
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      break;
    }
  }
  return 0;
}

/** A TTY is redrawn in place; a pipe or a log gets frames separated by a rule. Pure. */
export function frame(text: string, first: boolean, tty: boolean): string {
  if (tty) return `${clearScreen}${text}`;
  return first ? text : `\n${'─'.repeat(40)}\n${text}`;
}
