// Secrets never reach a log: each value of the `secrets` context (and each line of a multi-line
// one) is replaced by *** wherever it appears. Values shorter than 4 characters are left alone,
// as masking "1" or "on" would garble every line without hiding anything worth hiding.

export const maskText = '***';
const minimumLength = 4;

export type Masker = (line: string) => string;

/** A function that masks every given secret in a line. Pure. */
export function createMasker(secrets: Readonly<Record<string, string>>): Masker {
  const values = new Set<string>();
  for (const value of Object.values(secrets)) {
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
