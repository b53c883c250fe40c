import { describe, expect, it } from 'vitest';
import { InputError } from '../../../errors/index.js';
import { parseImageArgs } from './rollout-set-image.js';

describe('parseImageArgs', () => {
  it.each([
    [['app=shop:2'], [{ container: 'app', image: 'shop:2' }]],
    [
      ['app=registry.local:5000/shop@sha256:abc', 'proxy=envoy:2'],
      [
        { container: 'app', image: 'registry.local:5000/shop@sha256:abc' },
        { container: 'proxy', image: 'envoy:2' },
      ],
    ],
  ])('reads %j', (args, changes) => {
    expect(parseImageArgs(args)).toEqual(changes);
  });

  it.each([['shop:2'], ['=shop:2'], ['app='], ['app=shop 2']])(
    'rejects %s with an example of CONTAINER=IMAGE',
    (arg) => {
      expect(() => parseImageArgs([arg])).toThrow(InputError);
      expect(() => parseImageArgs([arg])).toThrow(`"${arg}" is not CONTAINER=IMAGE`);
    },
  );
});
