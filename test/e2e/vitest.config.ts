import { defineConfig } from 'vitest/config';
import { clusterEnv } from '../../src/cluster/env.js';

// The end-to-end scenario: the seed's story through `slipway up`, a Git host and the real
// cluster. Same cluster bring-up as the integration tier; one file at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/integration/global-setup.ts'],
    env: clusterEnv(),
    testTimeout: 15 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
    ...(process.env['SLIPWAY_TEST_REPORT_DIR']
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: `${process.env['SLIPWAY_TEST_REPORT_DIR']}/e2e.json` },
        }
      : {}),
  },
});
