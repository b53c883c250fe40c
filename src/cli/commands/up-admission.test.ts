import { describe, expect, it } from 'vitest';
import { admissionOptions } from './up-admission.js';

describe('slipway up --admission', () => {
  it('is off without the flag, and takes a port and the token URL pods reach', () => {
    expect(admissionOptions({})).toBeUndefined();
    expect(admissionOptions({ admission: true })).toEqual({});
    expect(
      admissionOptions({
        admission: true,
        'admission-port': '9443',
        'admission-token-url': 'http://10.244.0.1:8080/api/identity/token',
      }),
    ).toEqual({ port: 9443, tokenUrl: 'http://10.244.0.1:8080/api/identity/token' });
  });

  it.each([
    [{ 'admission-port': '9443' }, '--admission-port needs --admission'],
    [{ 'admission-token-url': 'http://x/' }, '--admission-token-url needs --admission'],
    [
      { admission: true, 'admission-port': 'https' },
      '--admission-port: "https" is not a port number',
    ],
    [
      { admission: true, 'admission-port': '70000' },
      '--admission-port: "70000" is not a port number',
    ],
    [
      { admission: true, 'admission-token-url': 'slipway:8080' },
      '--admission-token-url: "slipway:8080" is not an http(s) URL',
    ],
  ])('refuses %j', (values, message) => {
    expect(() => admissionOptions(values)).toThrow(message);
  });
});
