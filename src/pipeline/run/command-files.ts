import { InputError } from '../../errors/index.js';

// The files a step writes to talk back to the runner, as in GitHub Actions: SLIPWAY_OUTPUT
// (alias GITHUB_OUTPUT) and SLIPWAY_ENV (GITHUB_ENV) hold `name=value` lines or heredocs
// (`name<<EOF` … `EOF`); SLIPWAY_PATH (GITHUB_PATH) holds one directory per line.

/** Reads `name=value` and `name<<DELIMITER` blocks; `file` names the file in errors. Pure. */
export function parseKeyValueFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc !== null && (equals < 0 || equals > line.indexOf('<<'))) {
      const [, name = '', delimiter = ''] = heredoc;
      const end = lines.findIndex((candidate, j) => j > i && candidate === delimiter);
      if (end < 0) {
        throw new InputError(
          `${file}: "${name}<<${delimiter}" at line ${i + 1} has no closing "${delimiter}" line`,
          { hint: `end the value with a line that is exactly ${delimiter}` },
        );
      }
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    if (equals <= 0) {
      throw new InputError(`${file}: line ${i + 1} is not name=value or name<<DELIMITER`, {
        hint: 'write `echo "name=value" >> "$SLIPWAY_OUTPUT"`',
      });
    }
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

/** The directories of a path file, in the order they were added. Pure. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** PATH with directories added by steps in front, the latest added first as in GitHub. Pure. */
export function prependPath(added: readonly string[], path: string | undefined): string {
  const front = [...added].reverse();
  return [...front, ...(path === undefined || path === '' ? [] : [path])].join(':');
}
