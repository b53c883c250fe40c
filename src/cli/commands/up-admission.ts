import { InputError } from '../../errors/index.js';
import type { AdmissionOptions } from '../../server/admission-wiring.js';

// `slipway up --admission [--admission-port N] [--admission-token-url URL]`.

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() : undefined;

function admissionPort(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) {
    throw new InputError(`--admission-port: "${raw}" is not a port number`, {
      hint: 'e.g. --admission-port 9443 (or 0 for any free port)',
    });
  }
  return Number(raw);
}

function tokenUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['http:', 'https:'].includes(url.protocol)) {
    throw new InputError(`--admission-token-url: "${raw}" is not an http(s) URL`, {
      hint: 'the token endpoint as pods reach it, e.g. --admission-token-url http://10.244.0.1:8080/api/identity/token',
    });
  }
  return raw;
}

/** The admission webhook's options from the flags; undefined without --admission. Pure. */
export function admissionOptions(values: Record<string, unknown>): AdmissionOptions | undefined {
  const port = text(values['admission-port']);
  const url = text(values['admission-token-url']);
  if (values['admission'] !== true) {
    if (port === undefined && url === undefined) return undefined;
    const flag = port === undefined ? '--admission-token-url' : '--admission-port';
    throw new InputError(`${flag} needs --admission`, {
      hint: `slipway up --admission ${flag} …`,
    });
  }
  return {
    ...(port === undefined ? {} : { port: admissionPort(port) }),
    ...(url === undefined ? {} : { tokenUrl: tokenUrl(url) }),
  };
}
