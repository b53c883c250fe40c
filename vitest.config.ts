import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'ui/src/**/*.test.ts'],
    environment: 'node',
    // In CI a JSON report lets .ci/run print one "N passed, N failed" line for all suites.
    ...(process.env['SLIPWAY_TEST_REPORT_DIR']
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: `${process.env['SLIPWAY_TEST_REPORT_DIR']}/unit.json` },
        }
      : {}),
  },
});
