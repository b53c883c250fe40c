// Secrets never reach a log: each value of the `secrets` context (and each line of a multi-line
// one), and each identity token minted for the run, is replaced by *** wherever it appears.
// Values shorter than 4 characters are left alone, as masking "1" or "on" would garble every
// line without hiding anything worth hiding.

export const maskText = '***';
const minimumLength = 4;

export type Masker = (line: string) => string;

function maskerOf(secretValues: Iterable<string>): Masker {
  const values = new Set<string>();
  for (const value of secretValues) {
    for (const part of [value, ...value.split(/\r?\n/)]) {
      const trimmed = part.trim();
      if (trimmed.length >= minimumLength) values.add(trimmed);
    }
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...values].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (line) => line;
  return (line) => ordered.reduce((text, secret) => text.split(secret).join(maskText), line);
}

/** A function that masks every given secret in a line. Pure. */
export function createMasker(secrets: Readonly<Record<string, string>>): Masker {
  return maskerOf(Object.values(secrets));
}

/** A run's masker, which also learns values made while the run goes (its identity tokens). */
export type RunMasker = Masker & {
  /** Masks `value` from now on, in every later line and message of the run. */
  readonly hide: (value: string) => void;
};

export function createRunMasker(secrets: Readonly<Record<string, string>>): RunMasker {
  const values = Object.values(secrets);
  let mask = maskerOf(values);
  return Object.assign((line: string): string => mask(line), {
    hide: (value: string): void => {
      values.push(value);
      mask = maskerOf(values);
    },
  });
}
