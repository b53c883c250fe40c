import { describe, expect, it } from 'vitest';
import { InputError } from '../../../errors/index.js';
import { parseRevision } from './rollout-undo.js';

describe('parseRevision', () => {
  it.each([
    [undefined, undefined],
    ['3', 3],
    [' 12 ', 12],
  ])('reads %j as %j', (raw, revision) => {
    expect(parseRevision(raw)).toBe(revision);
  });

  it.each([['0'], ['-1'], ['two'], ['1.5'], ['']])('rejects %j, naming the flag', (raw) => {
    expect(() => parseRevision(raw)).toThrow(InputError);
    expect(() => parseRevision(raw)).toThrow(`--to-revision: "${raw}" is not a revision number`);
  });
});
