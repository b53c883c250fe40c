import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

// Paths in `with:` of the native actions: one per line, relative to the workspace, `~/` for home.

export function inputPaths(text: string | undefined, workspace: string): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) =>
      line.startsWith('~/') ? join(homedir(), line.slice(2)) : resolve(workspace, line),
    );
}

/** A path as shown in logs: relative to the workspace when inside it. */
export function shownPath(path: string, workspace: string): string {
  const inside = relative(workspace, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}
