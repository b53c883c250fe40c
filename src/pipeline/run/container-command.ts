import type { JobContainer } from '../definition/index.js';

// A job with `container:` runs each `run:` step in a fresh container of that image: the job's
// folder (workspace, script, command files) is mounted at the same path, so paths mean the
// same inside and out. Only the step's own environment goes in, never the host's.

export type ContainerStep = {
  readonly container: JobContainer;
  /** Mounted at the same path inside. */
  readonly jobDir: string;
  readonly workingDirectory: string;
  readonly envFile: string;
  /** Variables whose values have a newline, which an env file cannot hold: passed by name. */
  readonly inheritedNames: readonly string[];
  readonly command: readonly string[];
};

/**
 * Podman raises a container's file and process limits to the host maximum by default, which
 * fails ("error setting rlimit … operation not permitted") where Slipway lacks CAP_SYS_RESOURCE
 * (VMs, nested containers). Modest fixed limits work everywhere; `options: --ulimit …` overrides.
 */
const defaultUlimits = ['--ulimit', 'nofile=16384:16384', '--ulimit', 'nproc=32768:32768'];

export function podmanArgv(step: ContainerStep): string[] {
  const options =
    step.container.options
      ?.trim()
      .split(/\s+/)
      .filter((o) => o !== '') ?? [];
  return [
    'podman',
    'run',
    '--rm',
    '--network',
    'host',
    ...(isLocalRegistry(step.container.image) ? ['--tls-verify=false'] : []),
    ...(options.includes('--ulimit') ? [] : defaultUlimits),
    '-v',
    `${step.jobDir}:${step.jobDir}`,
    '-w',
    step.workingDirectory,
    '--env-file',
    step.envFile,
    ...step.inheritedNames.flatMap((name) => ['-e', name]),
    ...options,
    step.container.image,
    ...step.command,
  ];
}

/** The lines of an env file for podman, and the names that must be passed another way. Pure. */
export function containerEnvFile(env: Readonly<Record<string, string>>): {
  readonly text: string;
  readonly inheritedNames: string[];
} {
  const lines: string[] = [];
  const inheritedNames: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (/[\r\n]/.test(value)) inheritedNames.push(name);
    else lines.push(`${name}=${value}`);
  }
  return { text: lines.join('\n') + '\n', inheritedNames };
}

/** A registry on this machine serves plain HTTP. */
function isLocalRegistry(image: string): boolean {
  return /^(localhost|127\.0\.0\.1)(:\d+)?\//.test(image);
}
