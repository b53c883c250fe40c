import type { ZodError } from 'zod';
import { InputError } from '../errors/index.js';

/** Turns zod's issues into one message naming each field path, value problem and the source. */
export function describeZodError(error: ZodError, where: string): InputError {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  return new InputError(`${where}: ${lines.join('; ')}`, {
    hint: 'fix the field named above; the Argo CD documentation for the same field applies',
  });
}
