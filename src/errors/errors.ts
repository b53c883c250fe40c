export type SlipwayErrorOptions = {
  /** What the user should do next, e.g. "run `slipway cluster down`". */
  readonly hint?: string;
  readonly cause?: unknown;
};

/** Base of every error Slipway shows a person; `hint` says what to do. */
export class SlipwayError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: SlipwayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }

  /** The message with its hint, as printed by the CLI. */
  describe(): string {
    return this.hint === undefined ? this.message : `${this.message}\n  → ${this.hint}`;
  }
}

/** The user gave a value Slipway cannot use (a flag, a file, a field). */
export class InputError extends SlipwayError {}

/** Something on the machine is in a state Slipway cannot work from (a half-started cluster). */
export class StateError extends SlipwayError {}

/** The machine lacks something Slipway needs (a kernel feature, a free port, a tool). */
export class PreconditionError extends SlipwayError {}

/** A program Slipway ran failed; the message carries its output's tail. */
export class ExternalCommandError extends SlipwayError {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
    options: SlipwayErrorOptions = {},
  ) {
    const tail = output.trim().split('\n').slice(-15).join('\n');
    super(
      `\`${command}\` failed (exit ${exitCode ?? 'signal'})${tail ? `:\n${tail}` : ''}`,
      options,
    );
  }
}
