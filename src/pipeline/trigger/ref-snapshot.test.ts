import { describe, expect, it } from 'vitest';
import { branchUpdates, parseLsRemote } from './ref-snapshot.js';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

describe('parseLsRemote', () => {
  it('reads branch lines and skips anything else', () => {
    const output = `${a}\trefs/heads/main\n${b}\trefs/heads/feature/x\n${c}\tHEAD\nwarning: junk\n`;
    expect([...parseLsRemote(output)]).toEqual([
      ['main', a],
      ['feature/x', b],
    ]);
  });
});

describe('branchUpdates', () => {
  it('reports nothing on first sight', () => {
    expect(branchUpdates(undefined, new Map([['main', a]]))).toEqual([]);
  });

  it('reports moved and new branches, not unchanged or deleted ones', () => {
    const before = new Map([
      ['main', a],
      ['stable', b],
      ['gone', c],
    ]);
    const after = new Map([
      ['main', c],
      ['stable', b],
      ['new', a],
    ]);
    expect(branchUpdates(before, after)).toEqual([
      { branch: 'main', sha: c },
      { branch: 'new', sha: a },
    ]);
  });
});
