import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../errors/index.js';

/** What `slipway login` leaves for the commands that talk to a Slipway server. */
export type ClientConfig = {
  readonly server?: string;
  /** An API token (`slw_…`): a secret, hence the file's mode 0600. */
  readonly token?: string;
  /** The token's id, so `slipway logout` can revoke it. */
  readonly tokenId?: string;
};

/** `~/.config/slipway/config.json`, or $SLIPWAY_CONFIG. */
export function clientConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['SLIPWAY_CONFIG'] ?? join(homedir(), '.config', 'slipway', 'config.json');
}

/** The config at `path`; empty when there is no file yet. */
export function readClientConfig(path: string): ClientConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('it is not a JSON object');
    }
    // Only the string fields Slipway wrote; anything else in the file is left out.
    const fields = Object.entries(parsed).filter(
      ([key, value]) => ['server', 'token', 'tokenId'].includes(key) && typeof value === 'string',
    );
    return Object.fromEntries(fields);
  } catch (cause) {
    throw new InputError(
      `${path} is not valid Slipway client config: ${(cause as Error).message}`,
      {
        hint: 'delete it and run `slipway login --server URL` again',
        cause,
      },
    );
  }
}

/** Writes the config readable by its owner only (0600), replacing the file in one step. */
export function writeClientConfig(path: string, config: ClientConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
