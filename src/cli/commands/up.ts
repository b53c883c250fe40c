import { join } from 'node:path';
import { pino } from 'pino';
import { InputError } from '../../errors/index.js';
import { defaultStorePath } from '../../store/index.js';
import { loadOidcConfig } from '../../auth/oidc/index.js';
import { startSlipway } from '../../server/up.js';
import type { RegistryAuthOptions } from '../../server/registry-auth-wiring.js';
import { clusterLayout, type ClusterLayout } from '../../cluster/layout.js';
import { registryTokenKeyFiles } from '../../cluster/pki.js';
import type { Command } from '../command.js';
import { parseDuration } from './controller.js';
import { admissionOptions } from './up-admission.js';

const usage =
  'slipway up [--state-dir DIR] [--port 8080] [--host 127.0.0.1] [--namespaces a,b] [--pipeline-repos FILE] [--secrets-kek FILE] [--secret-policies FILE] [--oidc-config FILE] [--poll-interval 120s] [--preview-ttl 72h] [--preview-limit 10] [--registry-auth [--registry-policies FILE]] [--admission [--admission-port 0] [--admission-token-url URL]] [--log-level info]';

/** --port: 0 to 65535 (0 picks a free one). Pure. */
export function parsePort(raw: unknown): number {
  if (raw === undefined) return 8080;
  const text = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
  if (!/^\d+$/.test(text) || Number(text) > 65_535) {
    throw new InputError(`--port: "${text}" is not a port number`, {
      hint: 'e.g. --port 8080 (or 0 for any free port)',
    });
  }
  return Number(text);
}

/** --preview-limit: previews deployed at once, 1 or more; 10 when absent. Pure. */
export function parseLimit(raw: unknown): number {
  if (raw === undefined) return 10;
  const text = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InputError(`--preview-limit: "${text}" is not a positive whole number`, {
      hint: 'e.g. --preview-limit 10',
    });
  }
  return Number(text);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** --registry-auth: the identity registry's token service, with the local cluster's key. Pure. */
export function registryAuthOptions(
  values: Record<string, unknown>,
  layout: ClusterLayout = clusterLayout(),
): RegistryAuthOptions | undefined {
  const policiesFile = text(values['registry-policies']);
  if (values['registry-auth'] !== true) {
    if (policiesFile === undefined) return undefined;
    throw new InputError('--registry-policies needs --registry-auth', {
      hint: 'slipway up --registry-auth --registry-policies registry-policies.yaml',
    });
  }
  const { keyFile, certificateFile } = registryTokenKeyFiles(layout);
  return {
    signingKeyFile: keyFile,
    certificateFile,
    ...(policiesFile === undefined ? {} : { policiesFile }),
  };
}

export const upCommand: Command = {
  path: ['up'],
  summary:
    'run Slipway on this machine: the web UI and API, the GitOps and Rollout controllers and the pipeline triggers, until interrupted',
  usage,
  options: {
    'state-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    namespaces: { type: 'string' },
    'pipeline-repos': { type: 'string' },
    'secrets-kek': { type: 'string' },
    'secret-policies': { type: 'string' },
    'oidc-config': { type: 'string' },
    'poll-interval': { type: 'string' },
    'preview-ttl': { type: 'string' },
    'preview-limit': { type: 'string' },
    'registry-auth': { type: 'boolean' },
    'registry-policies': { type: 'string' },
    admission: { type: 'boolean' },
    'admission-port': { type: 'string' },
    'admission-token-url': { type: 'string' },
    'log-level': { type: 'string' },
  },
  async run(values, io) {
    const log = pino({ level: text(values['log-level']) ?? 'info' });
    const pipelineRepos = text(values['pipeline-repos']);
    const kekFile = text(values['secrets-kek']) ?? process.env['SLIPWAY_SECRETS_KEK_FILE'];
    const policiesFile = text(values['secret-policies']);
    const oidcFile = text(values['oidc-config']);
    const oidc = oidcFile === undefined ? undefined : await loadOidcConfig(oidcFile);
    const registryAuth = registryAuthOptions(values);
    const admission = admissionOptions(values);
    const slipway = await startSlipway({
      stateDir: text(values['state-dir']) ?? join(defaultStorePath(), '..'),
      host: text(values['host']) ?? '127.0.0.1',
      port: parsePort(values['port']),
      log,
      namespaces: (text(values['namespaces']) ?? '').split(',').filter(Boolean),
      pollIntervalMs: parseDuration(text(values['poll-interval']) ?? '120s', '--poll-interval'),
      previewTtlMs: parseDuration(text(values['preview-ttl']) ?? '72h', '--preview-ttl'),
      previewLimit: parseLimit(values['preview-limit']),
      ...(pipelineRepos === undefined ? {} : { pipelineRepos }),
      ...(oidc === undefined ? {} : { oidc }),
      ...(registryAuth === undefined ? {} : { registryAuth }),
      ...(admission === undefined ? {} : { admission }),
      ...(kekFile === undefined
        ? {}
        : { secrets: { kekFile, ...(policiesFile === undefined ? {} : { policiesFile }) } }),
    });
    io.out(`Slipway is up at ${slipway.url}`);
    io.out(`  state: ${slipway.databaseFile}`);
    if (slipway.adminPassword !== undefined) {
      io.out('');
      io.out(`  First start: sign in as "admin" with the password ${slipway.adminPassword}`);
      io.out('  It is shown only this once; keep it somewhere safe.');
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    io.out('stopping: finishing requests, stopping controllers…');
    await slipway.close();
    io.out('stopped');
    return 0;
  },
};
