#!/usr/bin/env node
// The `slipway` command: runs the compiled CLI (npm install builds it via `prepare`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'slipway: the CLI is not built yet (dist/cli/main.js is missing)\n  → run `npm install` or `npm run build` in the Slipway folder\n',
  );
  process.exit(1);
}
// `slipway cluster status | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
