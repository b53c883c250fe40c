import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InputError, SlipwayError } from '../errors/index.js';
import type { Command, CommandOutput } from './command.js';
import { clusterDownCommand } from './commands/cluster-down.js';
import { clusterEnvCommand } from './commands/cluster-env.js';
import { clusterStatusCommand } from './commands/cluster-status.js';
import { clusterUpCommand } from './commands/cluster-up.js';
import { demoCommand, demoServicesCommand } from './commands/demo.js';
import { controllerCommand } from './commands/controller.js';
import { credentialProviderCommand } from './commands/credential-provider.js';
import { installCommand } from './commands/install.js';
import { upCommand } from './commands/up.js';
import { loginCommand, logoutCommand } from './commands/login.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './commands/token.js';
import { appDeleteCommand } from './commands/app/app-delete.js';
import { appDiffCommand } from './commands/app/app-diff.js';
import { appGetCommand } from './commands/app/app-get.js';
import { appHistoryCommand } from './commands/app/app-history.js';
import { appListCommand } from './commands/app/app-list.js';
import { appRefreshCommand } from './commands/app/app-refresh.js';
import { appRollbackCommand } from './commands/app/app-rollback.js';
import { appSyncCommand } from './commands/app/app-sync.js';
import { pipelineCancelCommand } from './commands/pipeline/pipeline-cancel.js';
import { pipelineGetCommand } from './commands/pipeline/pipeline-get.js';
import { pipelineListCommand } from './commands/pipeline/pipeline-list.js';
import { pipelineLogsCommand } from './commands/pipeline/pipeline-logs.js';
import { pipelineRerunCommand } from './commands/pipeline/pipeline-rerun.js';
import { pipelineRunCommand } from './commands/pipeline/pipeline-run.js';
import { rolloutAbortCommand } from './commands/rollout/rollout-abort.js';
import { rolloutGetCommand } from './commands/rollout/rollout-get.js';
import { rolloutListCommand } from './commands/rollout/rollout-list.js';
import { rolloutPromoteCommand } from './commands/rollout/rollout-promote.js';
import { rolloutRestartCommand } from './commands/rollout/rollout-restart.js';
import { rolloutRetryCommand } from './commands/rollout/rollout-retry.js';
import { rolloutSetImageCommand } from './commands/rollout/rollout-set-image.js';
import { rolloutUndoCommand } from './commands/rollout/rollout-undo.js';
import { previewDeleteCommand } from './commands/preview/preview-delete.js';
import { previewListCommand } from './commands/preview/preview-list.js';

export const commands: readonly Command[] = [
  clusterUpCommand,
  clusterDownCommand,
  clusterStatusCommand,
  clusterEnvCommand,
  demoCommand,
  demoServicesCommand,
  installCommand,
  controllerCommand,
  upCommand,
  credentialProviderCommand,
  appListCommand,
  appGetCommand,
  appDiffCommand,
  appSyncCommand,
  appRefreshCommand,
  appHistoryCommand,
  appRollbackCommand,
  appDeleteCommand,
  rolloutListCommand,
  rolloutGetCommand,
  rolloutPromoteCommand,
  rolloutAbortCommand,
  rolloutRetryCommand,
  rolloutUndoCommand,
  rolloutRestartCommand,
  rolloutSetImageCommand,
  pipelineRunCommand,
  pipelineListCommand,
  pipelineGetCommand,
  pipelineLogsCommand,
  pipelineCancelCommand,
  pipelineRerunCommand,
  previewListCommand,
  previewDeleteCommand,
  loginCommand,
  logoutCommand,
  tokenCreateCommand,
  tokenListCommand,
  tokenRevokeCommand,
];

export function slipwayVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'slipway — from a commit to a canary in production on Kubernetes, with Git as the source of truth',
    '',
    'Usage: slipway <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help, --version',
  ].join('\n');
}

/** Finds the command whose words start argv; the rest are its options. Pure. */
export function findCommand(
  argv: readonly string[],
): { command: Command; rest: string[] } | undefined {
  const matches = commands.filter((c) => c.path.every((word, i) => argv[i] === word));
  const command = matches.sort((a, b) => b.path.length - a.path.length)[0];
  return command ? { command, rest: argv.slice(command.path.length) } : undefined;
}

export async function runCli(argv: readonly string[], io: CommandOutput = stdio): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(helpText());
      return 0;
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.out(slipwayVersion());
      return 0;
    }
    const found = findCommand(argv);
    if (found === undefined) {
      throw new InputError(`unknown command: slipway ${argv.join(' ')}`, {
        hint: 'run `slipway --help` to see the commands',
      });
    }
    const { command, rest } = found;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`Usage: ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    const { values, positionals } = parseCommandArgs(command, rest);
    return await command.run(values, io, positionals);
  } catch (error) {
    io.err(
      error instanceof SlipwayError
        ? `error: ${error.describe()}`
        : `error: ${String(error instanceof Error ? error.stack : error)}`,
    );
    return error instanceof InputError ? 2 : 1;
  }
}

function parseCommandArgs(
  command: Command,
  rest: string[],
): { values: Record<string, unknown>; positionals: string[] } {
  const limits = command.positionals ?? { min: 0, max: 0 };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: true,
    });
  } catch (cause) {
    throw new InputError(`slipway ${command.path.join(' ')}: ${(cause as Error).message}`, {
      hint: `usage: ${command.usage}`,
      cause,
    });
  }
  const count = parsed.positionals.length;
  if (count < limits.min || count > limits.max) {
    const what =
      count < limits.min
        ? 'is missing an argument'
        : `does not take "${parsed.positionals.slice(limits.max).join(' ')}"`;
    throw new InputError(`slipway ${command.path.join(' ')} ${what}`, {
      hint: `usage: ${command.usage}`,
    });
  }
  return parsed;
}

const stdio: CommandOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
