import { createHash } from 'node:crypto';
import { InputError } from '../errors/index.js';

// Names a preview's objects get. A branch name never goes into one: it is whatever the author
// typed (`feature/FR-1206_Dynamic-Images`), while the PR number and the app name are ours.

const maxLabel = 63;
const hashLength = 6;

/** Lowercase, every run of other characters one '-', no '-' at either end. Pure. */
export function dnsSafe(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Fits a DNS-safe name into `max` characters: when it is too long, a short hash of `identity`
 * replaces its end, so two long names that share a beginning stay apart. Pure.
 */
function fitLabel(name: string, identity: string, max = maxLabel): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, hashLength);
  const head = name.slice(0, max - hashLength - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

function checkPr(pr: number): void {
  if (!Number.isSafeInteger(pr) || pr <= 0) {
    throw new InputError(`pull request number ${String(pr)} is not a positive whole number`, {
      hint: 'a preview is named after its pull request: pass the number the Git host gave it',
    });
  }
}

/**
 * `pr-<number>-<app>` as an RFC 1123 label: lowercase letters, digits and '-', at most 63
 * characters, starting and ending with a letter or digit. Pure.
 */
export function previewNamespace(pr: number, app: string): string {
  checkPr(pr);
  return fitLabel(dnsSafe(`pr-${pr}-${app}`), `${pr}/${app}`);
}

/** A value a label may hold (at most 63, alphanumeric at both ends), for the app's name. Pure. */
export function labelValue(text: string): string {
  return fitLabel(dnsSafe(text), text);
}

/** The image tags a pull request's pipeline pushes (`pr-open.yaml`: `canary-pr-<N>`). Pure. */
export const previewImageTags = (pr: number): readonly string[] => [`canary-pr-${pr}`];

/** RFC 1123 label: what a namespace name must be. */
export const isDnsLabel = (name: string): boolean =>
  name.length <= maxLabel && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
