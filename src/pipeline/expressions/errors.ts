import { InputError } from '../../errors/index.js';

/**
 * An expression that does not parse or cannot be evaluated. `position` is the 0-based offset in
 * `expression` so the loader can turn it into a file column.
 */
export class ExpressionError extends InputError {
  constructor(
    readonly expression: string,
    readonly position: number,
    readonly problem: string,
    hint?: string,
  ) {
    super(`${problem} at position ${position + 1} of \`${expression}\``, {
      hint:
        hint ??
        'expressions follow GitHub Actions syntax: literals, contexts, operators and functions',
    });
  }
}
