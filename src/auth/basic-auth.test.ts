import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from './basic-auth.js';

const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasicAuth', () => {
  it.each([
    [basic('admin:slw_abc'), { username: 'admin', password: 'slw_abc' }],
    [basic('u:pa:ss'), { username: 'u', password: 'pa:ss' }],
    [basic(':token'), { username: '', password: 'token' }],
    [`basic ${Buffer.from('a:b').toString('base64')}`, { username: 'a', password: 'b' }],
  ])('reads %s', (header, expected) => {
    expect(parseBasicAuth(header)).toEqual(expected);
  });

  it.each([undefined, '', 'Bearer abc', basic('no-colon'), 'Basic !!!'])(
    'finds no credentials in %j',
    (header) => {
      expect(parseBasicAuth(header)).toBeUndefined();
    },
  );
});
