// CVSS v3.x base score from a vector string, as specified in CVSS v3.1 section 7, so that
// advisories carrying only a vector (most OSV records) still get a severity.

const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

function pick<T extends Record<string, number>>(
  table: T,
  key: string | undefined,
): number | undefined {
  return key !== undefined && key in table ? table[key as keyof T] : undefined;
}

/** CVSS v3.1 "Roundup": the smallest one-decimal number >= x, robust to float noise. */
function roundUp(x: number): number {
  const scaled = Math.round(x * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

function privileges(value: string | undefined, changed: boolean): number | undefined {
  if (value === 'N') return 0.85;
  if (value === 'L') return changed ? 0.68 : 0.62;
  if (value === 'H') return changed ? 0.5 : 0.27;
  return undefined;
}

/** The base score of `CVSS:3.x/AV:N/AC:L/...`, or undefined when it is not a full v3 vector. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const metrics = new Map(parts.slice(1).map((p) => p.split(':') as [string, string]));
  const changed = metrics.get('S') === 'C';
  const values = [
    pick(weights.AV, metrics.get('AV')),
    pick(weights.AC, metrics.get('AC')),
    privileges(metrics.get('PR'), changed),
    pick(weights.UI, metrics.get('UI')),
    pick(weights.CIA, metrics.get('C')),
    pick(weights.CIA, metrics.get('I')),
    pick(weights.CIA, metrics.get('A')),
  ];
  if (values.some((v) => v === undefined) || !['U', 'C'].includes(metrics.get('S') ?? '')) {
    return undefined;
  }
  const [av, ac, pr, ui, c, i, a] = values as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  const total = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return roundUp(Math.min(total, 10));
}
