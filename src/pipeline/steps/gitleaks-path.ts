import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

// scripts/setup builds gitleaks from its Go module and links it into the cache's bin/current;
// SLIPWAY_GITLEAKS points at another build, and a gitleaks on PATH is the last resort.

/** Where gitleaks is, or undefined when it is nowhere Slipway looks. Reads only the file system. */
export function findGitleaks(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['SLIPWAY_GITLEAKS'];
  if (given !== undefined && given !== '') return given;
  const cache = env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway');
  const candidates = [
    join(cache, 'bin', 'current', 'gitleaks'),
    ...(env['PATH'] ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, 'gitleaks')),
  ];
  return candidates.find((path) => existsSync(path));
}
