import { describe, expect, it } from 'vitest';
import { buildahBuildArgs, buildTags, parseBuildArgs } from './image-build.js';
import { pushFailureReason } from './image-push.js';

describe('parseBuildArgs', () => {
  it.each<[string | undefined, [string, string][]]>([
    [undefined, []],
    ['', []],
    ['A=1', [['A', '1']]],
    [
      'A=1\n\n# comment\nB = x=y ',
      [
        ['A', '1'],
        ['B', ' x=y'],
      ],
    ],
    ['EMPTY=', [['EMPTY', '']]],
  ])('%j', (text, expected) => {
    expect(parseBuildArgs(text)).toEqual(expected);
  });

  it.each(['novalue', '1A=x', 'A B=c'])('rejects %j naming the line', (line) => {
    expect(() => parseBuildArgs(line)).toThrow(`line ${JSON.stringify(line)} is not KEY=value`);
  });
});

describe('buildTags', () => {
  it.each<[string, string | undefined, string[]]>([
    ['r/web', undefined, ['latest']],
    ['r/web:1.0', undefined, ['1.0']],
    ['r/web:1.0', 'abc123\n1.0, main', ['1.0', 'abc123', 'main']],
    ['127.0.0.1:5000/web', 'v1', ['v1']],
  ])('%s with tags %j', (image, tags, expected) => {
    expect(buildTags(image, tags)).toEqual(expected);
  });

  it('rejects a tag a registry would refuse', () => {
    expect(() => buildTags('r/web', 'feature/x')).toThrow('"feature/x", which is not a valid tag');
  });
});

describe('buildahBuildArgs', () => {
  it('tags every tag, passes build args and the timestamp, ends with the context', () => {
    const args = buildahBuildArgs({
      repository: '127.0.0.1:5000/web',
      tags: ['1.0', 'abc'],
      file: '/ws/Containerfile',
      context: '/ws',
      buildArgs: [['A', '1']],
      timestamp: 1700000000,
      iidFile: '/tmp/iid',
    });
    expect(args).toEqual([
      'build',
      '--layers',
      '--tls-verify=false',
      '--iidfile',
      '/tmp/iid',
      '-f',
      '/ws/Containerfile',
      '-t',
      '127.0.0.1:5000/web:1.0',
      '-t',
      '127.0.0.1:5000/web:abc',
      '--build-arg',
      'A=1',
      '--timestamp',
      '1700000000',
      '/ws',
    ]);
  });

  it('skips the layer cache when told to', () => {
    const args = buildahBuildArgs({
      repository: 'r/web',
      tags: ['1'],
      file: '/ws/Containerfile',
      context: '/ws',
      buildArgs: [],
      timestamp: undefined,
      iidFile: '/tmp/iid',
      noCache: true,
    });
    expect(args.slice(0, 3)).toEqual(['build', '--layers', '--no-cache']);
  });
});

describe('pushFailureReason', () => {
  it.each([
    [
      [
        'Getting image source signatures',
        'Error: pushing image "x" to "docker://127.0.0.1:5999/x:1": trying to reuse blob sha256:1 at destination: pinging container registry 127.0.0.1:5999: Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
      ],
      'connection refused',
    ],
    [
      ['Error: writing blob: received unexpected HTTP status: 500 Internal Server Error'],
      'received unexpected HTTP status: 500 Internal Server Error',
    ],
    [['Copying blob', 'Error: name unknown'], 'name unknown'],
    [[], 'buildah printed nothing'],
  ])('%j → %s', (tail, reason) => {
    expect(pushFailureReason(tail)).toBe(reason);
  });
});
