import { clusterUp } from '../../src/cluster/index.js';

/** Kwok nodes the suite needs: 200 simulated pods fit on two (110 each), three leave room. */
export const suiteKwokNodes = 3;

/** Brings the local cluster up once per run, or reuses a running one. */
export async function setup(): Promise<void> {
  const result = await clusterUp({ kwokNodes: suiteKwokNodes }, (m) =>
    process.stderr.write(`cluster up: ${m}\n`),
  );
  process.stderr.write(
    result.kind === 'started'
      ? `cluster started in ${(result.record.readyAfterMs / 1000).toFixed(1)} s\n`
      : 'reusing the running cluster\n',
  );
}
