import { InputError } from '../../../errors/index.js';
import { clientConfigPath, readClientConfig, type ClientConfig } from '../../client-config.js';
import type { CommandOutput } from '../../command.js';
import {
  createServerClient,
  ServerError,
  serverUrl,
  type ServerClient,
} from '../../server-client.js';

// Whether a command talks to a Slipway server's API or, as before, to the cluster and the local
// run store directly: decided once, here, from the client config, the environment and the flags.

/** The flags every command that can go through the server takes. */
export const targetOptions = {
  local: { type: 'boolean' },
  server: { type: 'string' },
} as const;

export type TargetFlags = { readonly local?: boolean; readonly server?: string };

/** Where a server could come from, lowest precedence last: --server, the environment, the file. */
export type TargetSettings = {
  readonly config: ClientConfig;
  readonly envServer?: string;
  readonly envToken?: string;
};

export type CommandTarget = 'server' | 'local';

/** `--local` wins nothing over `--server`: asking for both is a mistake. Pure. */
export function commandTarget(settings: TargetSettings, flags: TargetFlags): CommandTarget {
  if (flags.local === true && flags.server !== undefined) {
    throw new InputError('--local and --server cannot be used together', {
      hint: 'use --local to talk to the cluster directly, or --server URL to go through Slipway',
    });
  }
  if (flags.local === true) return 'local';
  if (flags.server !== undefined) return 'server';
  if (settings.envServer !== undefined && settings.envToken !== undefined) return 'server';
  const { server, token } = settings.config;
  return server !== undefined && token !== undefined ? 'server' : 'local';
}

/**
 * The server and token to use. A token saved for one server is never sent to another one; the
 * $SLIPWAY_TOKEN a user sets is. Pure.
 */
export function serverCredentials(
  settings: TargetSettings,
  flags: TargetFlags,
): { server: string; token?: string } {
  const server = flags.server ?? settings.envServer ?? settings.config.server ?? '';
  const url = serverUrl(server);
  const saved =
    settings.config.server !== undefined && serverUrl(settings.config.server) === url
      ? settings.config.token
      : undefined;
  const token = settings.envToken ?? saved;
  return token === undefined ? { server: url } : { server: url, token };
}

export function targetSettings(env: NodeJS.ProcessEnv = process.env): TargetSettings {
  const envServer = nonEmpty(env['SLIPWAY_SERVER']);
  const envToken = nonEmpty(env['SLIPWAY_TOKEN']);
  return {
    config: readClientConfig(clientConfigPath(env)),
    ...(envServer === undefined ? {} : { envServer }),
    ...(envToken === undefined ? {} : { envToken }),
  };
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

function targetFlags(values: Record<string, unknown>): TargetFlags {
  const server = values['server'];
  return {
    ...(values['local'] === true ? { local: true } : {}),
    ...(typeof server === 'string' ? { server } : {}),
  };
}

/** A client for the server this command should go through; undefined for the direct path. */
export function serverTarget(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): ServerClient | undefined {
  const settings = targetSettings(env);
  const flags = targetFlags(values);
  if (commandTarget(settings, flags) === 'local') return undefined;
  return createServerClient(serverCredentials(settings, flags));
}

/**
 * Runs a command's server path. The server's refusals (forbidden, not found, conflict) are
 * printed with their code, message and hint, exit 1; a 401 always points at `slipway login`.
 */
export async function onServer(io: CommandOutput, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    io.err(`error: ${describeServerError(error)}`);
    return 1;
  }
}

/** `code: message` and the hint; a 401 without a login hint gets one. Pure. */
export function describeServerError(error: ServerError): string {
  const login = 'run `slipway login --server URL` to sign in (or set SLIPWAY_TOKEN)';
  const hint =
    error.status === 401 && !(error.hint ?? '').includes('slipway login') ? login : error.hint;
  const code = error.code === 'unknown' ? '' : `${error.code}: `;
  return `${code}${error.message}${hint === undefined ? '' : `\n  → ${hint}`}`;
}
