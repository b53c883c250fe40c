import { InputError } from '../../errors/index.js';

// How a `run:` script is started, by `shell:` as in GitHub Actions: the script goes to a file
// and {0} in the shell's command line is replaced by that file's path.

const templates: Readonly<Record<string, { readonly command: string; readonly ext: string }>> = {
  bash: { command: 'bash --noprofile --norc -eo pipefail {0}', ext: '.sh' },
  sh: { command: 'sh -e {0}', ext: '.sh' },
  python: { command: 'python {0}', ext: '.py' },
  pwsh: { command: 'pwsh -command ". \'{0}\'"', ext: '.ps1' },
  node: { command: 'node {0}', ext: '.js' },
};

export type ShellCommand = {
  /** The command line with {0} still in it; argv() fills it in. */
  readonly template: string;
  /** The script file's extension. */
  readonly ext: string;
};

/** The shell for a step: bash by default, a known name, or a custom line with {0}. Pure. */
export function shellCommand(shell: string | undefined, where: string): ShellCommand {
  const name = shell?.trim() ?? 'bash';
  const known = templates[name];
  if (known !== undefined) return { template: known.command, ext: known.ext };
  if (name.includes('{0}')) return { template: name, ext: '' };
  if (/^\S+$/.test(name)) return { template: `${name} {0}`, ext: '' };
  throw new InputError(`${where} shell: "${name}" has no {0} for the script's path`, {
    hint: 'name a shell (bash, sh, python, pwsh, node) or write a command with {0}, e.g. "perl {0}"',
  });
}

/** The argv that runs `scriptPath`. Quotes group words; {0} is replaced, not split. Pure. */
export function shellArgv(shell: ShellCommand, scriptPath: string): string[] {
  const words = shell.template.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return words.map((word) => {
    const unquoted = /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
    return unquoted.split('{0}').join(scriptPath);
  });
}
