import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { RegistryPolicyFile } from './registry-policy-file.js';

const dir = mkdtempSync(join(tmpdir(), 'slipway-registry-policies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the file with an mtime of `second`, so a change is seen whatever the clock's grain. */
function write(file: string, text: string, second: number): void {
  writeFileSync(file, text);
  utimesSync(file, second, second);
}

describe('RegistryPolicyFile', () => {
  it('picks up an edit without a restart, and keeps the last good policies through a bad one', () => {
    const file = join(dir, 'policies.yaml');
    write(file, '- {identity: "user:a", repositories: "*", actions: [pull]}\n', 1000);
    const warnings: string[] = [];
    const policies = RegistryPolicyFile.open(file, {
      info: () => undefined,
      warn: (fields) => warnings.push(JSON.stringify(fields)),
    });
    expect(policies.current().map((p) => p.identity)).toEqual(['user:a']);

    write(file, '- {identity: "user:b", repositories: "*", actions: [push]}\n', 2000);
    expect(policies.current().map((p) => p.identity)).toEqual(['user:b']);

    write(file, '- {identity: "user:c", repositories: "*", actions: [fly]}\n', 3000);
    expect(policies.current().map((p) => p.identity)).toEqual(['user:b']);
    expect(warnings.join('\n')).toContain('field 0.actions.0');
  });

  it('refuses to start from a wrong file, naming it', () => {
    const file = join(dir, 'wrong.yaml');
    write(file, 'identity: x\n', 1000);
    expect(() => RegistryPolicyFile.open(file)).toThrow(InputError);
    expect(() => RegistryPolicyFile.open(file)).toThrow(`${file}: registry policy field (root)`);
    expect(() => RegistryPolicyFile.open(join(dir, 'missing.yaml'))).toThrow(
      'cannot read the registry policy file',
    );
  });
});
