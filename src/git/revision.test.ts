import { describe, expect, it } from 'vitest';
import {
  decideRevision,
  exactFetchDestination,
  parseRefTable,
  parseRevision,
  remoteHeadRef,
} from './revision.js';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

describe('parseRevision', () => {
  it.each([
    ['', { kind: 'default-branch' }],
    ['HEAD', { kind: 'default-branch' }],
    [' main ', { kind: 'name', name: 'main' }],
    ['v1.2.3', { kind: 'name', name: 'v1.2.3' }],
    ['abc1234', { kind: 'name', name: 'abc1234' }],
    [a.toUpperCase(), { kind: 'commit', sha: a }],
    ['f'.repeat(64), { kind: 'commit', sha: 'f'.repeat(64) }],
    ['refs/pull/7/head', { kind: 'ref', ref: 'refs/pull/7/head' }],
  ])('%j', (rev, target) => {
    expect(parseRevision(rev)).toEqual(target);
  });
});

describe('parseRefTable', () => {
  it('peels annotated tags to their commit and drops tags of trees', () => {
    const out = [
      `refs/heads/main ${a}   commit`,
      `refs/tags/v1 ${b} ${a} commit tag`,
      `refs/tags/tree-tag ${c} ${b} tree tag`,
      '',
    ].join('\n');
    expect([...parseRefTable(out)]).toEqual([
      ['refs/heads/main', a],
      ['refs/tags/v1', a],
    ]);
  });
});

describe('decideRevision', () => {
  const refs = new Map([
    [remoteHeadRef, a],
    ['refs/heads/main', a],
    ['refs/heads/same', b],
    ['refs/tags/same', c],
    ['refs/tags/v1', c],
  ]);
  it.each([
    ['HEAD', { kind: 'found', sha: a }],
    ['main', { kind: 'found', sha: a }],
    ['v1', { kind: 'found', sha: c }],
    ['same', { kind: 'found', sha: b }],
    ['refs/tags/same', { kind: 'found', sha: c }],
    ['refs/heads/gone', { kind: 'not-found' }],
    ['refs/pull/7/head', { kind: 'fetch-exact', what: 'refs/pull/7/head' }],
    // Never turned into a refspec that fetches everything or writes elsewhere.
    ['refs/*', { kind: 'not-found' }],
    ['refs/a:refs/heads/main', { kind: 'not-found' }],
    ['refs/a/../b', { kind: 'not-found' }],
    [b, { kind: 'fetch-exact', what: b }],
    ['ABCD123', { kind: 'lookup-abbreviated', prefix: 'abcd123' }],
    ['abc', { kind: 'not-found' }],
    ['feature/x', { kind: 'not-found' }],
  ])('%s → %j', (rev, decision) => {
    expect(decideRevision(parseRevision(rev), refs)).toEqual(decision);
  });

  it('reports a remote whose HEAD names no branch', () => {
    expect(decideRevision(parseRevision('HEAD'), new Map())).toEqual({ kind: 'no-default-branch' });
  });
});

describe('exactFetchDestination', () => {
  it('keeps fetched refs apart from the mirror bookkeeping', () => {
    expect(exactFetchDestination('refs/slipway/remote-head')).toBe(
      'refs/slipway/fetched/slipway/remote-head',
    );
    expect(exactFetchDestination(a)).toBe(`refs/slipway/fetched/${a}`);
  });
});
