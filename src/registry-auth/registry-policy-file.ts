import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../errors/index.js';
import { parseRegistryPolicies, type RegistryPolicy } from './registry-policy.js';
import type { RegistryAuthLog } from './registry-token-service.js';

/**
 * The registry policy file, re-read when its modification time changes, so the fix an event
 * names takes effect without a restart. A file that stops parsing keeps the last good policies
 * (and says so in the log); a file that is wrong at start stops Slipway from starting.
 */
export class RegistryPolicyFile {
  private policies: readonly RegistryPolicy[];
  private loadedMtimeMs: number;

  private constructor(
    readonly file: string,
    private readonly log: RegistryAuthLog | undefined,
  ) {
    const { policies, mtimeMs } = RegistryPolicyFile.read(file);
    this.policies = policies;
    this.loadedMtimeMs = mtimeMs;
  }

  static open(file: string, log?: RegistryAuthLog): RegistryPolicyFile {
    return new RegistryPolicyFile(file, log);
  }

  private static read(file: string): { policies: RegistryPolicy[]; mtimeMs: number } {
    let text: string;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read the registry policy file ${file}`, {
        hint: 'give --registry-policies a YAML list of {identity, repositories, actions}',
        cause: error,
      });
    }
    let yaml: unknown;
    try {
      yaml = parse(text);
    } catch (error) {
      throw new InputError(`${file} is not YAML: ${(error as Error).message}`, { cause: error });
    }
    return { policies: parseRegistryPolicies(yaml, file), mtimeMs };
  }

  current(): readonly RegistryPolicy[] {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.file).mtimeMs;
    } catch {
      return this.policies; // being replaced (editors rename over the file): keep what we have
    }
    if (mtimeMs === this.loadedMtimeMs) return this.policies;
    try {
      this.policies = RegistryPolicyFile.read(this.file).policies;
      this.log?.info(
        { file: this.file, policies: this.policies.length },
        'registry policies reloaded',
      );
    } catch (error) {
      this.log?.warn(
        { file: this.file, reason: (error as Error).message },
        'the registry policy file is wrong; keeping the previous policies',
      );
    }
    this.loadedMtimeMs = mtimeMs;
    return this.policies;
  }
}
