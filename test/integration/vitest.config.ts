import { defineConfig } from 'vitest/config';
import { clusterEnv } from '../../src/cluster/env.js';

// Integration tests run against the real local cluster, brought up once per run
// by the global setup (or reused when it is already running).
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/integration/global-setup.ts'],
    // Every test talks to the local cluster, as `eval "$(slipway cluster env)"` would set up.
    env: clusterEnv(),
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    ...(process.env['SLIPWAY_TEST_REPORT_DIR']
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: `${process.env['SLIPWAY_TEST_REPORT_DIR']}/integration.json` },
        }
      : {}),
  },
});
