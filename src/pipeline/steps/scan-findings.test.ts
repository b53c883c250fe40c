import { describe, expect, it } from 'vitest';
import { configFindings, thresholdFailure, type Finding } from './scan-findings.js';
import type { Severity } from './severity.js';

describe('configFindings', () => {
  it.each<[string, string[], string | undefined, string[]]>([
    ['', [], '1.0', ['HIGH runs-as-root image runs as root (config.User is empty)']],
    ['0:0', [], '1.0', ['HIGH runs-as-root image runs as root (config.User is 0:0)']],
    ['root', [], '1.0', ['HIGH runs-as-root image runs as root (config.User is root)']],
    [
      '65534:65534',
      ['PATH=/bin', 'GPG_KEY=ABCD', 'API_KEY=s3cr3t', 'DB_PASSWORD=', 'GITHUB_TOKEN=x'],
      undefined,
      [
        'HIGH secret-in-env environment variable API_KEY looks like a secret baked into the image config',
        'HIGH secret-in-env environment variable GITHUB_TOKEN looks like a secret baked into the image config',
      ],
    ],
    [
      'app',
      [],
      'latest',
      ['MEDIUM latest-tag image is referenced by the mutable tag `latest`; deploy it by digest'],
    ],
  ])('user %j env %j tag %j', (user, env, tag, expected) => {
    expect(
      configFindings({ user, env }, tag).map(
        (f) => `${f.severity.toUpperCase()} ${f.id} ${f.title}`,
      ),
    ).toEqual(expected);
  });
});

const finding = (severity: Severity, title: string): Finding => ({
  kind: 'config',
  id: title,
  severity,
  title,
});

describe('thresholdFailure', () => {
  const findings = [
    finding('medium', 'uses latest'),
    finding('high', 'image runs as root (config.User is empty)'),
    finding('low', 'minor'),
  ];

  it.each<[Severity | undefined, string | undefined]>([
    [undefined, undefined],
    ['critical', undefined],
    ['high', 'image-scan: HIGH: image runs as root (config.User is empty)'],
    ['medium', 'image-scan: HIGH: image runs as root (config.User is empty); MEDIUM: uses latest'],
    [
      'low',
      'image-scan: HIGH: image runs as root (config.User is empty); MEDIUM: uses latest; LOW: minor',
    ],
  ])('threshold %s', (threshold, message) => {
    expect(thresholdFailure(findings, threshold)).toBe(message);
  });

  it('shows five and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => finding('critical', `f${i}`));
    expect(thresholdFailure(many, 'low')).toMatch(/f4; and 2 more$/);
  });
});
