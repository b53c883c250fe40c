import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from './image-ref.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['127.0.0.1:5000/shop/web', '127.0.0.1:5000/shop/web', '127.0.0.1:5000', undefined, undefined],
    ['127.0.0.1:5000/shop/web:1.2', '127.0.0.1:5000/shop/web', '127.0.0.1:5000', '1.2', undefined],
    [`127.0.0.1:5000/web@${digest}`, '127.0.0.1:5000/web', '127.0.0.1:5000', undefined, digest],
    [`localhost/web:v1@${digest}`, 'localhost/web', 'localhost', 'v1', digest],
    ['python:3.11', 'python', 'docker.io', '3.11', undefined],
    ['library/python', 'library/python', 'docker.io', undefined, undefined],
  ])('%s', (reference, repository, registry, tag, dig) => {
    expect(parseImageRef(reference)).toEqual({ repository, registry, tag, digest: dig });
  });

  it.each(['', 'web:bad tag', 'web@sha256:short', 'web:-x'])('rejects %j', (reference) => {
    expect(() => parseImageRef(reference)).toThrow(/is not an image reference/);
  });

  it('formats by digest when there is one', () => {
    expect(formatImageRef(parseImageRef(`r/web:1@${digest}`))).toBe(`r/web@${digest}`);
    expect(formatImageRef(parseImageRef('r/web:1'))).toBe('r/web:1');
  });
});
