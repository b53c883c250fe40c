import type { ParseArgsConfig } from 'node:util';

export type CommandOutput = {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
};

/** One `slipway` subcommand: its words, its options as plain data, and what it does. */
export type Command = {
  /** The words that select it, e.g. ['cluster', 'up']. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes (e.g. NAME); none when absent. */
  readonly positionals?: { readonly min: number; readonly max: number };
  readonly run: (
    values: Record<string, unknown>,
    io: CommandOutput,
    positionals: readonly string[],
  ) => Promise<number>;
};
