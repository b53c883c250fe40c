import { InputError } from '../errors/index.js';

// Names and values come from requests and files; every check here fails without echoing more
// than a short prefix of the input, and never any part of a value.

/** The built-in store's names: lowercase, digits, `-`, `_`, `.`; no `/`, no `..`; 1–128 long. */
export const secretNamePattern = /^[a-z0-9]([a-z0-9-_.]{0,126}[a-z0-9])?$/;

/** 64 KiB; see docs/secrets.md for why not Key Vault's 25 KB. */
export const maxSecretValueBytes = 64 * 1024;

const shownChars = 40;

/** A short, escaped rendering of untrusted input for an error message. Pure. */
export function quoteForError(input: string): string {
  if (input.length <= shownChars) return JSON.stringify(input);
  return `${JSON.stringify(input.slice(0, shownChars))}… (${input.length} characters)`;
}

/** Throws InputError naming `field` unless `name` is a valid built-in secret name. */
export function checkSecretName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string') throw new InputError(`${field} must be a string`);
  if (secretNamePattern.test(name) && !name.includes('..')) return name;
  throw new InputError(`${field} ${quoteForError(name)} is not a valid secret name`, {
    hint: 'use 1–128 characters of a-z, 0-9, "-", "_", "." starting and ending with a letter or digit, with no "/" and no ".."',
  });
}

/** Throws InputError unless `value` is a string of at most `limit` UTF-8 bytes; never echoes it. */
export function checkSecretValue(
  value: unknown,
  limit = maxSecretValueBytes,
  field = 'value',
): string {
  if (typeof value !== 'string') throw new InputError(`${field} must be a string`);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= limit) return value;
  throw new InputError(`${field} is ${bytes} bytes; the limit is ${limit} bytes`, {
    hint: 'store large files (bundles, archives) elsewhere and keep a key to them as the secret',
  });
}

/** Project names as Kubernetes names: a DNS label. */
export const projectPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function checkProject(project: unknown, field = 'project'): string {
  if (typeof project !== 'string') throw new InputError(`${field} must be a string`);
  if (projectPattern.test(project)) return project;
  throw new InputError(`${field} ${quoteForError(project)} is not a valid project name`, {
    hint: 'a project is a DNS label: 1–63 characters of a-z, 0-9 and "-"',
  });
}
